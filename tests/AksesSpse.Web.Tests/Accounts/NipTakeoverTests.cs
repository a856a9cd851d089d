using System.Net;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Accounts;

/// <summary>
/// H1 of issue #7, as the attacker tried it from outside: register with another civil servant's NIP and one's own email,
/// ask SOP 4 to change the holder's email, and wait for Admin Agency to find it "fully valid". Now the NIP is unverified
/// until Helpdesk or Admin Agency checks it against the SK, the validity check cannot pass on it, and one NIP holds one
/// applicant account per office (docs/adr/0016).
/// </summary>
[Trait("Category", "Accounts")]
[Trait("Sop", "ResetPassword")]
public sealed class NipTakeoverTests
{
    /// <summary>The demo Pokja member's NIP (seeded as verified).</summary>
    private const string RinaNip = "19850312 201001 2 003";

    /// <summary>A Pokja account of the demo register whose holder has no AksesSpse account.</summary>
    private const string DewiNip = "19880721 201212 2 001";
    private const string DewiSpseUserId = "dewi.pokja";
    private const string Password = "Rahasia#2026Baru";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task RegisteringANipThatAnApplicantAccountHoldsCreatesNoSecondAccount_AndTheAnswerRevealsNothing(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var visitor = factory.CreateFormClient();

        var taken = await RegisterAsync(visitor, "Rina Kartika Sari", RinaNip, "rina.palsu@contoh.com");
        var fresh = await RegisterAsync(visitor, "Dewi Lestari", DewiNip, "dewi.lestari@contoh.go.id");

        // The same answer for a taken and a free NIP: the page does not tell which NIPs are registered.
        Assert.Equal(HttpStatusCode.Redirect, taken.Status);
        Assert.Equal(fresh.Location, taken.Location);
        Assert.Equal("/Akun/Daftar/Terkirim", taken.Location);
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "rina.palsu@contoh.com")));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.Nip == "198503122010012003")));

        // The address given is told what happened and what to do.
        var mail = await factory.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To == "rina.palsu@contoh.com"));
        Assert.Contains("sudah terdaftar pada akun", mail.Body);
        Assert.Contains("hubungi Helpdesk LPSE", mail.Body);
        var dewi = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "dewi.lestari@contoh.go.id"));
        Assert.Equal(NipStatus.Unverified, dewi.NipStatus);
        Assert.Equal("198807212012122001", dewi.ApplicantNipKey);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task AChangeOfEmailOnASelfDeclaredNipIsNotValidUntilStaffVerifyTheNip(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });

        // The attacker registers with Dewi's NIP and their own email, and asks for Dewi's SPSE email to become theirs.
        using var attacker = factory.CreateFormClient();
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(attacker, "Dewi Lestari", DewiNip, "penyerang@contoh.com")).Status);
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "penyerang@contoh.com")
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true)));
        await attacker.SignInAsync("penyerang@contoh.com", Password);
        var own = await attacker.GetPageAsync("/Prosedur/Ajukan/4");
        Assert.Contains("NIP belum diverifikasi", Sop4Pages.Text(own.QuerySelector("#nip-notice")));
        var id = await Sop4Pages.SubmitAsync(attacker, new()
        {
            ["Type"] = "ChangeUserInformation", ["SpseUserId"] = DewiSpseUserId, ["Reason"] = "Email lama tidak aktif lagi",
            ["NewHolderEmail"] = "penyerang@contoh.com",
        });

        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.AdminAgency);
        Assert.Contains("NIP belum diverifikasi", Sop4Pages.Text(await admin.GetPageAsync("/Tugas")));
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(admin, id, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));

        var detail = await Sop4Pages.DetailAsync(admin, id);
        Assert.Contains("NIP belum diverifikasi", Sop4Pages.Text(detail.QuerySelector("#applicant-nip-status")));
        var nipRow = detail.QuerySelectorAll("#step-form[data-kind=ValidityCheck] tr").Single(tr => tr.TextContent.Contains("NIP pemohon", StringComparison.Ordinal));
        Assert.Contains("✘", nipRow.TextContent);
        Assert.Contains("NIP belum diverifikasi", nipRow.TextContent);

        var valid = await Sop4Pages.ActAsync(admin, id, "#step-form[data-kind=ValidityCheck]", submitter: ("Answer", "Yes"));
        Assert.Null(valid.Page.QuerySelector(".alert.success"));
        Assert.Contains("NIP pemohon belum diverifikasi", Sop4Pages.Text(valid.Page));
        Assert.Equal(5, // SOP 4 on the engine: the validity check (step 5) stays open
            await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.CurrentStepNumber).SingleAsync()));

        // Helpdesk finds the applicant on the verification page and, with no matching SK, marks the NIP as a mismatch.
        using var helpdesk = factory.CreateFormClient();
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        var list = await helpdesk.GetPageAsync("/VerifikasiNip");
        var row = list.QuerySelectorAll("#nip-pending tr").Single(tr => tr.TextContent.Contains("penyerang@contoh.com", StringComparison.Ordinal));
        Assert.Contains("Dewi Lestari", row.TextContent);
        Assert.Contains(DewiNip, row.TextContent);
        Assert.Contains("Dinas Perhubungan Kabupaten Contoh", row.TextContent);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "penyerang@contoh.com").Select(u => u.Id).SingleAsync());
        var page = await helpdesk.GetPageAsync($"/VerifikasiNip/{userId}");
        var rejected = await helpdesk.SubmitAsync(page, "#form-reject-nip", new() { ["Reason"] = "Tidak dapat menunjukkan SK; SK dewi.pokja atas nama orang lain" });
        Assert.Equal(HttpStatusCode.Redirect, rejected.Status);

        var user = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == userId));
        Assert.Equal(NipStatus.Mismatch, user.NipStatus);
        Assert.Null(user.ApplicantNipKey);
        Assert.Equal("Fitri Anggraini", user.NipCheckedByName);
        var again = await Sop4Pages.ActAsync(admin, id, "#step-form[data-kind=ValidityCheck]", submitter: ("Answer", "Yes"));
        Assert.Null(again.Page.QuerySelector(".alert.success"));
        Assert.Contains("NIP tidak sesuai SK", Sop4Pages.Text((await Sop4Pages.DetailAsync(admin, id)).QuerySelector("#applicant-nip-status")));
    }

    [Fact]
    public async Task StaffVerifyANipAgainstTheSk_AndTheValidityCheckThenPasses()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = DatabaseKind.Sqlite, OutboxWorker = false });
        using var dewi = factory.CreateFormClient();
        await RegisterAsync(dewi, "Dewi Lestari", DewiNip, "dewi.lestari@contoh.go.id");
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "dewi.lestari@contoh.go.id")
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true)));
        await dewi.SignInAsync("dewi.lestari@contoh.go.id", Password);
        var id = await Sop4Pages.SubmitAsync(dewi, Sop4Pages.ResetFields(DewiSpseUserId));

        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.AdminAgency);
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(admin, id, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));
        var detail = await Sop4Pages.DetailAsync(admin, id);
        var link = detail.QuerySelector("a[href^='/VerifikasiNip/']");
        Assert.NotNull(link);

        var page = await admin.GetPageAsync(link!.GetAttribute("href")!);
        var verified = await admin.SubmitAsync(page, "#form-verify-nip", new()
        {
            ["SkNumber"] = "011/SK/UKPBJ/2025", ["SkDate"] = "2025-01-02", ["Note"] = "SK asli diperlihatkan",
        });
        Assert.Equal(HttpStatusCode.Redirect, verified.Status);
        Assert.Contains("diverifikasi", Sop4Pages.Text(verified.Page.QuerySelector(".alert.success")));

        var user = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "dewi.lestari@contoh.go.id"));
        Assert.Equal(NipStatus.Verified, user.NipStatus);
        Assert.Equal("Budi Santoso", user.NipCheckedByName);
        Assert.Equal("011/SK/UKPBJ/2025", user.NipSkNumber);
        Assert.Equal(new DateOnly(2025, 1, 2), user.NipSkDate);
        Assert.NotNull(user.NipCheckedAt);
        Assert.DoesNotContain("dewi.lestari@contoh.go.id", Sop4Pages.Text(await admin.GetPageAsync("/VerifikasiNip")));
        Assert.Null((await dewi.GetPageAsync("/Permohonan")).QuerySelector("#nip-notice"));
        var checks = (await Sop4Pages.DetailAsync(admin, id)).QuerySelectorAll("#step-form[data-kind=ValidityCheck] tbody tr")
            .ToDictionary(tr => Sop4Pages.Text(tr.Children[1]), tr => Sop4Pages.Text(tr.Children[0]));
        Assert.Equal("✔", checks["NIP pemohon sama dengan NIP pemegang akun"]);
        // Dewi's SK in the demo register ended last year: "valid" against that ✘ takes a written reason (issue #8).
        Assert.Equal("✘", checks["SK penetapan masih berlaku"]);
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(admin, id, "#step-form[data-kind=ValidityCheck]",
            new() { ["DeviationReason"] = "SK perpanjangan 2026 diperlihatkan; register belum diperbarui." }, ("Answer", "Yes")));
    }

    private static async Task<FormResult> RegisterAsync(FormClient client, string name, string nip, string email)
    {
        var page = await client.GetPageAsync("/Akun/Daftar");
        return await client.SubmitAsync(page, "form[action='/Akun/Daftar']", new()
        {
            ["FullName"] = name,
            ["Nip"] = nip,
            ["RankGrade"] = "Penata Muda Tingkat I / III-b",
            ["Position"] = "Anggota Pokja Pemilihan",
            ["Agency"] = "Dinas Perhubungan Kabupaten Contoh",
            ["Address"] = "Jl. Pahlawan No. 7, Kabupaten Contoh",
            ["PhoneNumber"] = "081298765432",
            ["Email"] = email,
            ["ApplicantKind"] = "Pokja",
            ["Password"] = Password,
            ["ConfirmPassword"] = Password,
        }, follow: false);
    }
}
