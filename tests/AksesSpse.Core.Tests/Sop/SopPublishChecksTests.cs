using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Tests.Sop;

/// <summary>
/// The checks a draft passes before it is published (issue #11 §2), each rule both ways: every SOP the product ships passes
/// them as it is, and each rule, broken on one of them, is reported with its step and its reason in Bahasa Indonesia.
/// </summary>
public sealed class SopPublishChecksTests
{
    private static SopDefinition Seed(SopKind kind, SopVariant variant = SopVariant.Badung) => SopSeed.ForOffice(1, variant).Single(s => s.Kind == kind);

    private static SopStep Step(SopDefinition sop, int number) => sop.Steps.Single(s => s.Number == number);

    public static TheoryData<SopKind, SopVariant> Shipped() => new()
    {
        { SopKind.PokjaAccountRequest, SopVariant.Badung },
        { SopKind.PokjaAccountRequest, SopVariant.Batang },
        { SopKind.AccessActivation, SopVariant.Badung },
        { SopKind.StaffRegistration, SopVariant.Badung },
        { SopKind.PasswordReset, SopVariant.Badung },
    };

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Every_shipped_sop_passes_and_passes_against_itself_as_the_version_in_force(SopKind kind, SopVariant variant)
    {
        Assert.Empty(SopPublishChecks.Check(Seed(kind, variant), null));
        Assert.Empty(SopPublishChecks.Check(Seed(kind, variant), Seed(kind, variant)));
    }

    private static void Reports(SopDefinition draft, int? step, string fragment, SopDefinition? current = null)
    {
        var problems = SopPublishChecks.Check(draft, current);
        Assert.True(problems.Any(p => p.Step == step && p.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected ({step}) \"{fragment}\"; got: {string.Join(" | ", problems)}");
    }

    [Fact]
    public void A_start_the_first_step_submits_or_orders()
    {
        var sop = Seed(SopKind.PasswordReset);
        Step(sop, 1).Kind = StepKind.Receive;
        Step(sop, 1).ActorRole = Roles.HelpdeskLpse;
        Reports(sop, 1, "Langkah pertama harus berjenis Pengajuan");

        var ordered = Seed(SopKind.StaffRegistration);
        Assert.Equal(StepKind.Approval, Step(ordered, 1).Kind);
        Assert.Empty(SopPublishChecks.Check(ordered, null));
    }

    [Fact]
    public void An_end_some_step_reached_leads_nowhere()
    {
        var sop = Seed(SopKind.StaffRegistration);
        Step(sop, 5).Kind = StepKind.Notify;
        Step(sop, 5).NextStepNumber = 1;
        Reports(sop, null, "Tidak ada langkah akhir");
    }

    [Fact]
    public void Every_step_reached_still_leads_to_an_end()
    {
        var sop = Seed(SopKind.PasswordReset);
        Step(sop, 4).NextStepNumber = 3; // the completion asked for and given, for ever: 3 → 4 → 3
        Reports(sop, 3, "tidak pernah sampai ke langkah akhir");
        Reports(sop, 4, "tidak pernah sampai ke langkah akhir");
        Assert.DoesNotContain(SopPublishChecks.Check(Seed(SopKind.PasswordReset), null), p => p.Message.Contains("tidak pernah sampai", StringComparison.Ordinal));
    }

    [Fact]
    public void The_document_holds_at_most_seven_actor_columns()
    {
        var sop = Seed(SopKind.PasswordReset);
        Assert.Empty(SopPublishChecks.Check(sop, null));
        for (var i = 0; i < 8; i++)
        {
            sop.Steps[i].ActorLabel = "Pelaksana " + i;
        }

        Reports(sop, null, "paling banyak 7 kolom pelaksana");
    }

    [Fact]
    public void Every_decision_has_both_branches_and_only_a_decision_branches()
    {
        var missing = Seed(SopKind.PasswordReset);
        Step(missing, 5).AlternateStepNumber = null;
        Reports(missing, 5, "tentukan ke langkah mana cabang \"Tidak\"");

        var extra = Seed(SopKind.PasswordReset);
        Step(extra, 6).AlternateStepNumber = 7;
        Reports(extra, 6, "Hanya langkah keputusan");

        var same = Seed(SopKind.PasswordReset);
        Step(same, 5).AlternateStepNumber = 6;
        Reports(same, 5, "menuju langkah yang sama");
    }

    [Fact]
    public void Targets_name_a_step_of_this_sop_other_than_itself()
    {
        var sop = Seed(SopKind.PasswordReset);
        Step(sop, 2).AlternateStepNumber = 12;
        Reports(sop, 2, "langkah 12 yang tidak ada");

        var self = Seed(SopKind.PasswordReset);
        Step(self, 6).NextStepNumber = 6;
        Reports(self, 6, "menunjuk langkah ini sendiri");
    }

    [Fact]
    public void No_step_is_unreachable_but_a_standing_instruction_may_stand_apart()
    {
        var sop = Seed(SopKind.PasswordReset);
        Step(sop, 6).NextStepNumber = 9; // step 8 (the delivery) is no longer reached: step 7 goes to 9 too
        Reports(sop, 8, "tidak pernah dicapai");

        var activation = Seed(SopKind.AccessActivation);
        Assert.DoesNotContain(SopPublishChecks.Check(activation, null), p => p.Step == 5); // "Akhir tahun Admin Agency berwenang ..."
        Step(activation, 5).Kind = StepKind.Notify;
        Reports(activation, 5, "tidak pernah dicapai");
    }

    [Fact]
    public void Every_actor_is_a_role_that_acts_and_fits_the_kind()
    {
        var unknown = Seed(SopKind.PasswordReset);
        Step(unknown, 3).ActorRole = "Satpam";
        Reports(unknown, 3, "Pelaksana bukan peran");

        var auditor = Seed(SopKind.PasswordReset);
        Step(auditor, 3).ActorRole = Roles.Auditor;
        Reports(auditor, 3, "Pelaksana bukan peran");

        var applicantArchives = Seed(SopKind.PasswordReset);
        Step(applicantArchives, 9).ActorRole = Roles.Pemohon;
        Reports(applicantArchives, 9, "dilakukan petugas, bukan pemohon");

        var staffConfirms = Seed(SopKind.AccessActivation);
        Step(staffConfirms, 8).ActorRole = Roles.HelpdeskLpse;
        Reports(staffConfirms, 8, "Konfirmasi penerimaan dilakukan oleh penerima akun");

        var otherCompletes = Seed(SopKind.PasswordReset);
        Step(otherCompletes, 4).ActorRole = Roles.KepalaUkpbj;
        Reports(otherCompletes, 4, "Melengkapi berkas dilakukan oleh yang mengajukan");
    }

    [Fact]
    public void Every_kind_stands_where_it_may()
    {
        var secondSubmit = Seed(SopKind.PasswordReset);
        Step(secondSubmit, 3).Kind = StepKind.Submit;
        Reports(secondSubmit, 3, "Pengajuan hanya dapat menjadi langkah pertama");

        var noReturn = Seed(SopKind.PasswordReset);
        Step(noReturn, 4).NextStepNumber = 6;
        Reports(noReturn, 4, "kembali ke pemeriksaan");

        var archiveGoesOn = Seed(SopKind.StaffRegistration);
        Step(archiveGoesOn, 4).Kind = StepKind.Archive;
        Step(archiveGoesOn, 5).Kind = StepKind.Notify;
        Reports(archiveGoesOn, 4, "Pengarsipan menutup permohonan");
    }

    [Fact]
    public void One_account_action_and_the_archive_after_it()
    {
        var none = Seed(SopKind.StaffRegistration);
        Step(none, 3).Kind = StepKind.Instruction;
        Reports(none, null, "memerlukan satu langkah Tindakan atas akun");

        var two = Seed(SopKind.StaffRegistration);
        Step(two, 2).Kind = StepKind.AccountAction;
        Step(two, 2).ActorRole = Roles.AdminPpe;
        Reports(two, 3, "hanya boleh memiliki satu langkah Tindakan atas akun");

        var archiveFirst = Seed(SopKind.PasswordReset);
        Step(archiveFirst, 3).Kind = StepKind.Archive; // before the account action of step 6
        Step(archiveFirst, 3).NextStepNumber = null;
        Reports(archiveFirst, 3, "Pengarsipan harus sesudah Tindakan atas akun");
    }

    [Theory]
    [InlineData(TimeStandardKind.Minutes, null, "harus 1 sampai 10.000")]
    [InlineData(TimeStandardKind.Minutes, 0, "harus 1 sampai 10.000")]
    [InlineData(TimeStandardKind.WorkingDays, 10_001, "harus 1 sampai 10.000")]
    [InlineData(TimeStandardKind.None, 5, "tidak memakai angka")]
    [InlineData(TimeStandardKind.AsNeeded, 1, "tidak memakai angka")]
    [InlineData((TimeStandardKind)9, null, "Jenis standar waktu tidak dikenal")]
    public void Time_standards_are_well_formed(TimeStandardKind kind, int? value, string fragment)
    {
        var sop = Seed(SopKind.PasswordReset);
        Step(sop, 3).StandardKind = kind;
        Step(sop, 3).StandardValue = value;
        Reports(sop, 3, fragment);

        Step(sop, 3).StandardKind = TimeStandardKind.WorkingDays;
        Step(sop, 3).StandardValue = 10_000;
        Assert.DoesNotContain(SopPublishChecks.Check(sop, null), p => p.Step == 3);
    }

    [Fact]
    public void The_applicant_side_of_the_first_step_and_the_module_kinds_of_the_version_in_force_are_kept()
    {
        var current = Seed(SopKind.PasswordReset);
        var staffStarts = Seed(SopKind.PasswordReset);
        Step(staffStarts, 1).ActorRole = Roles.HelpdeskLpse;
        Reports(staffStarts, 1, "pemohon tidak dapat diganti petugas", current);

        var noDelivery = Seed(SopKind.PasswordReset);
        Step(noDelivery, 8).Kind = StepKind.Instruction;
        Reports(noDelivery, null, "Langkah Penyampaian hasil tidak boleh dihapus", current);
        Assert.DoesNotContain(SopPublishChecks.Check(noDelivery, null), p => p.Message.Contains("tidak boleh dihapus", StringComparison.Ordinal));
    }

    [Fact]
    public void A_title_two_steps_consecutive_numbers_and_an_activity()
    {
        var sop = Seed(SopKind.PasswordReset);
        sop.Title = " ";
        Step(sop, 3).Activity = "";
        Reports(sop, null, "Nama SOP wajib diisi");
        Reports(sop, 3, "Aktivitas wajib diisi");

        var gap = Seed(SopKind.PasswordReset);
        Step(gap, 9).Number = 10;
        Reports(gap, null, "berurutan mulai dari 1");

        var single = Seed(SopKind.PasswordReset);
        single.Steps.RemoveAll(s => s.Number > 1);
        Reports(single, null, "paling sedikit dua langkah");
    }

    [Fact]
    public void The_comparison_lists_what_changed_step_by_step()
    {
        var old = Seed(SopKind.PasswordReset);
        var @new = Seed(SopKind.PasswordReset);
        Step(@new, 2).StandardValue = 10;
        Step(@new, 8).ActorLabel = "Helpdesk";
        @new.Steps.Add(new SopStep { Number = 10, Kind = StepKind.Instruction, ActorRole = Roles.AdminAgency, ActorLabel = "Admin Agency", Activity = "Evaluasi" });
        @new.Purpose = "Tujuan baru";

        var comparison = SopComparison.Of(old, @new);

        Assert.Equal(StepChangeKind.Changed, comparison.Steps.Single(s => s.Number == 2).Kind);
        Assert.Equal(new FieldChange("Waktu", "5 menit", "10 menit"), comparison.Steps.Single(s => s.Number == 2).Fields.Single(f => f.Changed));
        Assert.Equal(StepChangeKind.Same, comparison.Steps.Single(s => s.Number == 3).Kind);
        Assert.Equal(StepChangeKind.Added, comparison.Steps.Single(s => s.Number == 10).Kind);
        Assert.Single(comparison.Header, f => f.Changed && f.Field == "Tujuan");
        Assert.Equal(4, comparison.ChangeCount);
    }
}
