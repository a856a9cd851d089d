using System.Net.Mail;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// `dotnet AksesSpse.Web.dll create-admin --email X --name "Y" [--office-code C --office-name "N"] [--time-zone Z]`:
/// creates the first Administrator of a production installation (where no demo data exists). The office is the only
/// one in the database; with none, it is created from --office-code/--office-name (with the four SOPs); with several,
/// --office-code chooses. The temporary password is printed on the console only, never logged, and must be changed at
/// first sign-in, like a staff account created by the Administrator.
/// </summary>
public static class CreateAdminCommand
{
    public const string Name = "create-admin";

    public const string Usage =
        "dotnet AksesSpse.Web.dll create-admin --email <email> --name \"<nama lengkap>\" [--office-code <kode> --office-name \"<nama kantor>\"] [--time-zone Asia/Jakarta]";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var email = Option(args, "--email")?.Trim();
        var fullName = Option(args, "--name")?.Trim();
        var officeCode = Option(args, "--office-code")?.Trim();
        var officeName = Option(args, "--office-name")?.Trim();
        var timeZone = Option(args, "--time-zone")?.Trim() ?? "Asia/Jakarta";

        var problem =
            string.IsNullOrEmpty(email) || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || email.Length > 256
                ? "--email harus berisi satu alamat email yang sah."
            : string.IsNullOrEmpty(fullName) || fullName.Length > 200 ? "--name harus berisi nama lengkap (paling banyak 200 karakter)."
            : officeCode is { Length: > 50 } ? "--office-code paling banyak 50 karakter."
            : officeName is { Length: > 200 } ? "--office-name paling banyak 200 karakter."
            : !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _) ? $"--time-zone \"{timeZone}\" tidak dikenal (contoh: Asia/Jakarta, Asia/Makassar, Asia/Jayapura)."
            : null;
        if (problem is not null)
        {
            await output.WriteLineAsync(problem);
            await output.WriteLineAsync("Pemakaian: " + Usage);
            return 2;
        }

        await DatabaseStartup.InitializeAsync(services, seedDemo: false, printLogins: false, ct, announceMissingAdministrator: false);

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<Program>>();

        if (await users.FindByEmailAsync(email!) is not null)
        {
            await output.WriteLineAsync($"Sudah ada akun dengan email {email}; tidak ada yang dibuat.");
            return 1;
        }

        Office? office;
        if (!string.IsNullOrEmpty(officeCode))
        {
            office = await db.Offices.SingleOrDefaultAsync(o => o.Code == officeCode, ct);
            if (office is null && string.IsNullOrEmpty(officeName))
            {
                await output.WriteLineAsync($"Kantor dengan kode {officeCode} belum ada: sebutkan juga --office-name \"<nama kantor>\" untuk membuatnya.");
                return 2;
            }
        }
        else
        {
            var offices = await db.Offices.OrderBy(o => o.Id).Take(2).ToListAsync(ct);
            if (offices.Count != 1)
            {
                await output.WriteLineAsync(offices.Count == 0
                    ? "Belum ada kantor di basis data: sebutkan --office-code <kode> dan --office-name \"<nama kantor>\" (misalnya --office-code LPSE-KAB --office-name \"LPSE Kabupaten ...\")."
                    : "Ada lebih dari satu kantor di basis data: sebutkan --office-code <kode> kantor Administrator ini.");
                return 2;
            }

            office = offices[0];
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (office is null)
        {
            office = new Office { Code = officeCode!, Name = officeName!, TimeZoneId = timeZone };
            db.Offices.Add(office);
            await db.SaveChangesAsync(ct);
            db.SopDefinitions.AddRange(SopSeed.ForOffice(office.Id));
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Office {OfficeCode} created by the create-admin command", office.Code);
        }

        var password = CredentialService.GeneratePassword();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = fullName!,
            Position = Roles.Label(Roles.Administrator),
            Agency = office.Name,
            OfficeId = office.Id,
            MustChangePassword = true, // the same first sign-in as a staff account made on the Pengguna page
            CreatedAt = now,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await output.WriteLineAsync("Akun tidak dibuat: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            return 1;
        }

        await users.AddToRoleAsync(user, Roles.Administrator);
        logger.LogInformation("Administrator account {UserId} created by the create-admin command for office {OfficeCode}", user.Id, office.Code);

        // The temporary password goes to the console of whoever ran the command, and nowhere else.
        await output.WriteLineAsync($"Akun Administrator dibuat untuk kantor \"{office.Name}\" ({office.Code}).");
        await output.WriteLineAsync($"  Email             : {email}");
        await output.WriteLineAsync($"  Password sementara: {password}");
        await output.WriteLineAsync("Password ini hanya ditampilkan sekali dan tidak dicatat di log. Masuk dengan password ini; aplikasi langsung meminta password baru.");
        return 0;
    }

    /// <summary>`--name value` or `--name=value`.</summary>
    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return i + 1 < args.Count ? args[i + 1] : null;
            }

            if (args[i].StartsWith(name + "=", StringComparison.OrdinalIgnoreCase))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }
}
