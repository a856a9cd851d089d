using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;

namespace AksesSpse.Core.Tests.TestSupport;

internal sealed class OfficeBuilder
{
    private string _code = "KAB-CONTOH";
    private string _name = "LPSE Kabupaten Contoh";
    private string _timeZone = "Asia/Jakarta";

    public OfficeBuilder WithCode(string code)
    {
        _code = code;
        _name = "LPSE " + code;
        return this;
    }

    public OfficeBuilder InTimeZone(string timeZoneId)
    {
        _timeZone = timeZoneId;
        return this;
    }

    public Office Build() => new()
    {
        Code = _code,
        Name = _name,
        Email = "lpse@contoh.go.id",
        TimeZoneId = _timeZone,
        HeadOfLpseEmail = "kepala.lpse@contoh.go.id",
    };
}

/// <summary>An applicant (Pokja Pemilihan member) who signs in to AksesSpse.</summary>
internal sealed class ApplicantBuilder
{
    private string _id = "user-rina";
    private string _email = "rina@contoh.go.id";
    private string _name = "Rina Wulandari";
    private string? _nip = "198503122010012003";
    private int _officeId;
    private NipStatus _nipStatus = NipStatus.Verified;

    public ApplicantBuilder WithId(string id)
    {
        _id = id;
        return this;
    }

    public ApplicantBuilder WithEmail(string email)
    {
        _email = email;
        return this;
    }

    public ApplicantBuilder WithName(string name)
    {
        _name = name;
        return this;
    }

    public ApplicantBuilder WithNip(string? nip)
    {
        _nip = nip;
        return this;
    }

    public ApplicantBuilder InOffice(int officeId)
    {
        _officeId = officeId;
        return this;
    }

    /// <summary>By default the applicant's NIP was verified against the SK (docs/adr/0016); this one only declared it.</summary>
    public ApplicantBuilder WithUnverifiedNip()
    {
        _nipStatus = NipStatus.Unverified;
        return this;
    }

    public ApplicationUser Build() => new()
    {
        Id = _id,
        UserName = _email,
        NormalizedUserName = _email.ToUpperInvariant(),
        Email = _email,
        NormalizedEmail = _email.ToUpperInvariant(),
        EmailConfirmed = true,
        FullName = _name,
        Nip = _nip,
        OfficeId = _officeId,
        ApplicantKind = ApplicantKind.Pokja,
        CreatedAt = new DateTime(2025, 1, 6, 0, 0, 0, DateTimeKind.Utc),
        NipStatus = _nip is null ? NipStatus.Unverified : _nipStatus,
        ApplicantNipKey = _nip is not null && _nipStatus == NipStatus.Verified ? _nip : null,
        NipCheckedAt = _nip is not null && _nipStatus == NipStatus.Verified ? new DateTime(2025, 1, 7, 0, 0, 0, DateTimeKind.Utc) : null,
        NipCheckedByName = _nip is not null && _nipStatus == NipStatus.Verified ? "Fitri Anggraini" : null,
        NipSkNumber = _nip is not null && _nipStatus == NipStatus.Verified ? "027/01/SK-POKJA/2026" : null,
    };
}

/// <summary>An entry of the register of SPSE accounts; by default the account of <see cref="ApplicantBuilder"/>'s applicant.</summary>
internal sealed class SpseAccountBuilder
{
    private string _userId = "rina.pokja";
    private string _name = "Rina Wulandari";
    private string _nip = "198503122010012003";
    private string _email = "rina.spse@contoh.go.id";
    private SpseRole _role = SpseRole.Pokja;
    private SpseAccountStatus _status = SpseAccountStatus.Active;
    private DateOnly? _validUntil = new DateOnly(2027, 12, 31);
    private int _officeId;

    public SpseAccountBuilder WithUserId(string userId)
    {
        _userId = userId;
        return this;
    }

    public SpseAccountBuilder WithHolderName(string name)
    {
        _name = name;
        return this;
    }

    public SpseAccountBuilder WithNip(string nip)
    {
        _nip = nip;
        return this;
    }

    public SpseAccountBuilder WithEmail(string email)
    {
        _email = email;
        return this;
    }

    public SpseAccountBuilder WithRole(SpseRole role)
    {
        _role = role;
        return this;
    }

    public SpseAccountBuilder Inactive()
    {
        _status = SpseAccountStatus.Inactive;
        return this;
    }

    public SpseAccountBuilder SkValidUntil(DateOnly? until)
    {
        _validUntil = until;
        return this;
    }

    public SpseAccountBuilder InOffice(int officeId)
    {
        _officeId = officeId;
        return this;
    }

    public SpseAccount Build() => new()
    {
        OfficeId = _officeId,
        UserId = _userId,
        HolderName = _name,
        HolderNip = _nip,
        HolderEmail = _email,
        HolderPhone = "081234567890",
        Agency = "Dinas Pekerjaan Umum Kabupaten Contoh",
        Role = _role,
        SkNumber = "027/01/SK-POKJA/2026",
        SkDate = new DateOnly(2026, 1, 5),
        ValidFrom = new DateOnly(2026, 1, 5),
        ValidUntil = _validUntil,
        Status = _status,
        CreatedAt = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc),
    };
}

/// <summary>The SOP 4 request form: by default a password reset for "rina.pokja" with both required documents as PDF.</summary>
internal sealed class SubmitResetCommandBuilder
{
    public const string LetterCode = "SURAT_PERMOHONAN";
    public const string DecreeCode = "SK_POKJA";

    private readonly List<IncomingFile> _files =
    [
        new(LetterCode, "surat-permohonan.pdf", TestFiles.Pdf()),
        new(DecreeCode, "sk-pokja.pdf", TestFiles.Pdf()),
    ];

    private Guid _key = Guid.NewGuid();
    private RequestType _type = RequestType.ResetPassword;
    private string _spseUserId = "rina.pokja";
    private string _reason = "Lupa password akun SPSE";
    private string? _newName;
    private string? _newEmail;
    private string? _newAgency;
    private string? _newPhone;

    public SubmitResetCommandBuilder WithKey(Guid key)
    {
        _key = key;
        return this;
    }

    public SubmitResetCommandBuilder ForSpseUserId(string spseUserId)
    {
        _spseUserId = spseUserId;
        return this;
    }

    public SubmitResetCommandBuilder OfType(RequestType type)
    {
        _type = type;
        return this;
    }

    public SubmitResetCommandBuilder ChangingInformation(string? name = null, string? email = null, string? agency = null, string? phone = null)
    {
        _type = RequestType.ChangeUserInformation;
        _reason = "Perubahan informasi user ID";
        _newName = name;
        _newEmail = email;
        _newAgency = agency;
        _newPhone = phone;
        return this;
    }

    public SubmitResetCommandBuilder Without(string documentCode)
    {
        _files.RemoveAll(f => f.DocumentCode == documentCode);
        return this;
    }

    /// <summary>Replaces the file of that document (or adds it).</summary>
    public SubmitResetCommandBuilder WithFile(string documentCode, string fileName, byte[] content)
    {
        Without(documentCode);
        _files.Add(new IncomingFile(documentCode, fileName, content));
        return this;
    }

    public SubmitResetCommand Build() =>
        new(_key, _type, _spseUserId, _reason, _newName, _newEmail, _newAgency, _newPhone, _files.ToList());
}

internal static class Actors
{
    public static Actor Pemohon(ApplicationUser user) =>
        new(user.Id, user.FullName, user.OfficeId, new HashSet<string> { Roles.Pemohon });

    public static Actor AdminAgency(int officeId, string userId = "admin-budi", string name = "Budi Santoso") =>
        new(userId, name, officeId, new HashSet<string> { Roles.AdminAgency });

    public static Actor WithRole(string role, int officeId, string userId = "staff-sari", string name = "Sari Dewi") =>
        new(userId, name, officeId, new HashSet<string> { role });
}
