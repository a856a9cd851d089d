using System.Globalization;

namespace AksesSpse.Core.Validation;

/// <summary>
/// The 18-digit NIP of a civil servant: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, sex digit
/// (1 male, 2 female) and a 3-digit sequence. Spaces and dots of the printed form are accepted.
/// </summary>
public static class NipValidator
{
    /// <summary>Digits only, or null when the input has characters other than digits, spaces and dots.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var kept = input.Where(c => c is not (' ' or '.' or '-')).ToArray();
        return kept.All(char.IsAsciiDigit) ? new string(kept) : null;
    }

    /// <summary>Every way the NIP is wrong, in Bahasa Indonesia; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(string? input, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return ["NIP wajib diisi."];
        }

        var nip = Normalize(input);
        if (nip is null)
        {
            return ["NIP hanya boleh berisi angka (spasi pemisah diperbolehkan)."];
        }

        if (nip.Length != 18)
        {
            return [$"NIP harus 18 digit; yang diisi {nip.Length} digit."];
        }

        var errors = new List<string>();
        var birthOk = DateOnly.TryParseExact(nip[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth);
        if (!birthOk)
        {
            errors.Add($"Digit 1–8 NIP ({nip[..8]}) harus tanggal lahir yang sah (TTTTBBHH).");
        }
        else if (birth.Year < 1940 || birth > today.AddYears(-17))
        {
            errors.Add($"Tanggal lahir pada NIP ({birth:dd-MM-yyyy}) tidak wajar untuk pegawai aktif.");
        }

        var appointmentYear = int.Parse(nip[8..12], CultureInfo.InvariantCulture);
        var appointmentMonth = int.Parse(nip[12..14], CultureInfo.InvariantCulture);
        if (appointmentMonth is < 1 or > 12 || appointmentYear < 1950)
        {
            errors.Add($"Digit 9–14 NIP ({nip[8..14]}) harus tahun dan bulan pengangkatan yang sah (TTTTBB).");
        }
        else
        {
            var appointment = new DateOnly(appointmentYear, appointmentMonth, 1);
            if (appointment > today)
            {
                errors.Add($"Bulan pengangkatan pada NIP ({appointmentMonth:00}-{appointmentYear}) belum terjadi.");
            }
            else if (birthOk && appointment < new DateOnly(birth.Year + 18, birth.Month, 1))
            {
                errors.Add($"Bulan pengangkatan pada NIP ({appointmentMonth:00}-{appointmentYear}) terlalu dekat dengan tanggal lahir: usia pengangkatan minimal 18 tahun.");
            }
        }

        if (nip[14] is not ('1' or '2'))
        {
            errors.Add($"Digit ke-15 NIP ({nip[14]}) adalah kode jenis kelamin dan harus 1 (laki-laki) atau 2 (perempuan).");
        }

        if (nip[15..] == "000")
        {
            errors.Add("Tiga digit terakhir NIP (nomor urut) tidak boleh 000.");
        }

        return errors;
    }

    /// <summary>The printed form: 19701106 199603 1 002.</summary>
    public static string Format(string nip)
    {
        var n = Normalize(nip);
        return n is { Length: 18 } ? $"{n[..8]} {n[8..14]} {n[14]} {n[15..]}" : nip;
    }
}
