using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Identity;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// A SOP's start form on /Prosedur/Ajukan/{sop} (docs/adr/0019): its form type (validated by its FluentValidation validator
/// like every bound form), its view, and the module call that starts the request. One per engine SOP that is started
/// online; the controller knows none of them.
/// </summary>
public interface IStartForm
{
    SopKind Kind { get; }

    /// <summary>The form the page binds (a new one for an empty page).</summary>
    Type FormType { get; }

    /// <summary>The view under Views/Prosedur that shows the form.</summary>
    string View { get; }

    /// <summary>What the page says after a successful start.</summary>
    string Started { get; }

    object NewForm();

    /// <summary>Fills an empty form from what the app knows of the actor (their profile's personal data). Nothing by default.</summary>
    Task PrefillAsync(object form, Actor actor, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Readies a form for display (blank rows, the applicant's own data on the page).</summary>
    Task<ProcedureStartPage> PageAsync(object form, SopDefinition sop, Actor actor, CancellationToken ct);

    Task<OperationResult<int>> StartAsync(SopEngine engine, object form, IReadOnlyList<IncomingFile> files, Actor actor, CancellationToken ct);
}

/// <summary>SOP 3: the SK and the persons the Kepala LPSE registers.</summary>
public sealed class StaffRegistrationStartForm(StaffRegistrationModule module) : IStartForm
{
    public SopKind Kind => SopKind.StaffRegistration;
    public Type FormType => typeof(StaffRegistrationForm);
    public string View => "Start";
    public string Started => "Permohonan registrasi akun dibuat. Lanjutkan dengan langkah 2: perintahkan Admin PPE.";

    public object NewForm() => new StaffRegistrationForm { SubmissionKey = Guid.NewGuid() };

    public Task<ProcedureStartPage> PageAsync(object form, SopDefinition sop, Actor actor, CancellationToken ct)
    {
        var f = (StaffRegistrationForm)form;
        while (f.Persons.Count < StaffRegistrationForm.BlankRows)
        {
            f.Persons.Add(new StaffPersonRow());
        }

        return Task.FromResult(new ProcedureStartPage { Form = f, Sop = sop });
    }

    public Task<OperationResult<int>> StartAsync(SopEngine engine, object form, IReadOnlyList<IncomingFile> files, Actor actor, CancellationToken ct)
    {
        var f = (StaffRegistrationForm)form;
        var persons = f.Filled.Select(p => new StaffPerson(p.FullName!.Trim(), new string(p.Nip!.Where(char.IsAsciiDigit).ToArray()),
            p.Email!.Trim(), p.Phone, p.Position, p.Role!.Value, p.UserId!.Trim())).ToList();
        return module.StartAsync(engine, new StartStaffRegistration(f.SubmissionKey, f.SkNumber, f.SkDate!.Value, f.Note, persons, files),
            actor, ct);
    }
}

/// <summary>SOP 4: the Pokja member's own user ID, reset or change (with the new information), the reason and the two documents.</summary>
public sealed class PasswordResetStartForm(PasswordResetModule module, UserManager<ApplicationUser> users) : IStartForm
{
    public SopKind Kind => SopKind.PasswordReset;
    public Type FormType => typeof(SubmitRequestForm);
    public string View => "StartPasswordReset";
    public string Started => "Permohonan terkirim. Bukti penerimaan juga dikirim ke email Anda.";

    public object NewForm() => new SubmitRequestForm { SubmissionKey = Guid.NewGuid() };

    public async Task<ProcedureStartPage> PageAsync(object form, SopDefinition sop, Actor actor, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(actor.UserId);
        return new ProcedureStartPage { Form = form, Sop = sop, ApplicantName = user?.FullName, ApplicantNip = user?.Nip };
    }

    public Task<OperationResult<int>> StartAsync(SopEngine engine, object form, IReadOnlyList<IncomingFile> files, Actor actor, CancellationToken ct)
    {
        var f = (SubmitRequestForm)form;
        return module.StartAsync(engine, new SubmitResetCommand(f.SubmissionKey, f.Type, f.SpseUserId, f.Reason, f.NewHolderName, f.NewHolderEmail,
            f.NewAgency, f.NewHolderPhone, files), actor, ct);
    }
}

/// <summary>
/// SOP 2: deactivation or activation of one of the applicant's own SPSE accounts (picked from the register under their NIP),
/// with the personal data the SOP asks for (prefilled from the profile), the reason, the SK and the two documents.
/// </summary>
public sealed class AccessActivationStartForm(AccessActivationModule module, UserManager<ApplicationUser> users, PageClock clock) : IStartForm
{
    public SopKind Kind => SopKind.AccessActivation;
    public Type FormType => typeof(ActivationRequestForm);
    public string View => "StartAccessActivation";
    public string Started => "Permohonan terkirim. Helpdesk LPSE akan menerima berkas Anda dan mengirim formulir serah terima berkas ke email Anda.";

    public object NewForm() => new ActivationRequestForm { SubmissionKey = Guid.NewGuid() };

    public async Task PrefillAsync(object form, Actor actor, CancellationToken ct)
    {
        var f = (ActivationRequestForm)form;
        var user = await users.FindByIdAsync(actor.UserId);
        f.RankGrade = user?.RankGrade ?? "";
        f.Position = user?.Position ?? "";
        f.Agency = user?.Agency ?? "";
        f.Address = user?.Address ?? "";
        f.Phone = user?.PhoneNumber ?? "";
    }

    public async Task<ProcedureStartPage> PageAsync(object form, SopDefinition sop, Actor actor, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(actor.UserId);
        return new ProcedureStartPage
        {
            Form = form, Sop = sop, ApplicantName = user?.FullName, ApplicantNip = user?.Nip, ApplicantEmail = user?.Email,
            // A NIP found not to match its SK lists nobody's accounts (docs/adr/0016).
            Accounts = await module.AccountsOfAsync(actor.OfficeId, user?.NipStatus == NipStatus.Mismatch ? null : user?.Nip, ct),
            Today = clock.Today,
        };
    }

    public Task<OperationResult<int>> StartAsync(SopEngine engine, object form, IReadOnlyList<IncomingFile> files, Actor actor, CancellationToken ct)
    {
        var f = (ActivationRequestForm)form;
        return module.StartAsync(engine, new SubmitActivationCommand(f.SubmissionKey, f.Type!.Value, f.SpseUserId, f.Reason,
            new PersonalDetails(f.RankGrade, f.Position, f.Agency, f.Address, f.Phone), f.SkNumber, f.SkValidUntil!.Value, files), actor, ct);
    }
}

/// <summary>SOP 1: the Pokja, its SK and letter, and every member, asked for by the head of the procurement unit in one request.</summary>
public sealed class PokjaAccountsStartForm(PokjaAccountsModule module) : IStartForm
{
    public SopKind Kind => SopKind.PokjaAccountRequest;
    public Type FormType => typeof(PokjaAccountsForm);
    public string View => "StartPokjaAccounts";
    public string Started => "Permohonan dikirim kepada Admin Agency LPSE, dengan tembusan sesuai SOP. Setiap anggota akan menerima user ID dan " +
                             "tautan password sementaranya sendiri melalui email.";

    public object NewForm() => new PokjaAccountsForm { SubmissionKey = Guid.NewGuid() };

    public Task<ProcedureStartPage> PageAsync(object form, SopDefinition sop, Actor actor, CancellationToken ct)
    {
        var f = (PokjaAccountsForm)form;
        f.Members.RemoveAll(m => m.IsEmpty);
        while (f.Members.Count < PokjaAccountsForm.BlankRows)
        {
            f.Members.Add(new PokjaMemberRow());
        }

        return Task.FromResult(new ProcedureStartPage { Form = f, Sop = sop });
    }

    public Task<OperationResult<int>> StartAsync(SopEngine engine, object form, IReadOnlyList<IncomingFile> files, Actor actor, CancellationToken ct)
    {
        var f = (PokjaAccountsForm)form;
        return module.StartAsync(engine, new StartPokjaAccounts(f.SubmissionKey, f.PokjaName, f.SkNumber, f.SkDate!.Value, f.AssignmentLetterNumber, f.Note,
            f.ToMembers(), files), actor, ct);
    }
}
