using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Models;

namespace AksesSpse.Web.Tests.SopEditor;

/// <summary>
/// The editor's step commands (issue #11 §2) keep every step going where it went: a step inserted after one that went on in order
/// joins the flow, a step removed hands its arrivals to its own successor, a step moved keeps its neighbours' routes.
/// </summary>
public sealed class SopDraftFormCommandTests
{
    /// <summary>1 → 2 → 3 (decision: Ya → 5, Tidak → 4) ; 4 → 3 ; 5 (end).</summary>
    private static SopDraftForm Form(string command) => new()
    {
        Command = command,
        Steps =
        [
            Step("Ajukan"),
            Step("Terima"),
            Step("Periksa", next: 5, alternate: 4),
            Step("Lengkapi", next: 3),
            Step("Arsipkan"),
        ],
    };

    private static DraftStepInput Step(string activity, int? next = null, int? alternate = null) =>
        new() { Activity = activity, ActorRole = Roles.AdminAgency, Kind = StepKind.Instruction, Next = next, Alternate = alternate };

    /// <summary>Where each step goes, as "activity→activity" with the next in order spelt out.</summary>
    private static string[] Routes(SopDraftForm f) => f.Steps.Select((s, i) =>
        $"{s.Activity}→{(s.Next is { } n ? f.Steps[n - 1].Activity : i + 1 < f.Steps.Count ? f.Steps[i + 1].Activity : "akhir")}" +
        (s.Alternate is { } a ? $"/{f.Steps[a - 1].Activity}" : "")).ToArray();

    [Fact]
    public void A_step_inserted_after_one_that_went_on_in_order_joins_the_flow()
    {
        var form = Form("tambah:1");
        Assert.NotNull(form.ApplyCommand());
        form.Steps[1].Activity = "Baru";
        Assert.Equal(["Ajukan→Baru", "Baru→Terima", "Terima→Periksa", "Periksa→Arsipkan/Lengkapi", "Lengkapi→Periksa", "Arsipkan→akhir"], Routes(form));
        Assert.Null(form.Steps[0].Next); // still "next in order"
    }

    [Fact]
    public void A_step_inserted_at_the_end_follows_the_last()
    {
        var form = Form("tambah:5");
        Assert.NotNull(form.ApplyCommand());
        form.Steps[5].Activity = "Baru";
        Assert.Equal("Arsipkan→Baru", Routes(form)[4]);
        Assert.Equal("Baru→akhir", Routes(form)[5]);
    }

    [Fact]
    public void A_step_removed_hands_its_arrivals_to_its_successor()
    {
        var form = Form("hapus:2");
        Assert.NotNull(form.ApplyCommand());
        Assert.Equal(["Ajukan→Periksa", "Periksa→Arsipkan/Lengkapi", "Lengkapi→Periksa", "Arsipkan→akhir"], Routes(form));

        var explicitArrival = Form("hapus:4"); // "Lengkapi" is the decision's Tidak: it now goes where Lengkapi went (Periksa)
        Assert.NotNull(explicitArrival.ApplyCommand());
        Assert.Equal(["Ajukan→Terima", "Terima→Periksa", "Periksa→Arsipkan/Periksa", "Arsipkan→akhir"], Routes(explicitArrival));
    }

    [Theory]
    [InlineData("naik:4")]
    [InlineData("turun:1")]
    [InlineData("turun:3")]
    public void A_step_moved_keeps_every_route(string command)
    {
        var before = Routes(Form(command)).Order().ToArray();
        var form = Form(command);
        Assert.NotNull(form.ApplyCommand());
        Assert.Equal(before, Routes(form).Order().ToArray());
    }

    [Theory]
    [InlineData("naik:1")]
    [InlineData("turun:5")]
    [InlineData("hapus:9")]
    [InlineData("lompat:2")]
    [InlineData("tambah")]
    public void A_command_that_cannot_apply_changes_nothing(string command)
    {
        var form = Form(command);
        Assert.Null(form.ApplyCommand());
        Assert.Equal(Routes(Form(command)), Routes(form));
    }
}
