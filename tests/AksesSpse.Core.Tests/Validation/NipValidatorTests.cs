using AksesSpse.Core.Validation;

namespace AksesSpse.Core.Tests.Validation;

public sealed class NipValidatorTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    [Theory]
    [InlineData("198503122010012003")]
    [InlineData("19701106 199603 1 002")]
    [InlineData("19701106.199603.1.002")]
    [InlineData(" 19701106-199603-1-002 ")]
    public void AcceptsAValidNipPlainOrGrouped(string nip)
    {
        Assert.Empty(NipValidator.Validate(nip, Today));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RequiresANip(string? nip)
    {
        Assert.Equal(["NIP wajib diisi."], NipValidator.Validate(nip, Today));
    }

    [Theory]
    [InlineData("19850312201001200A")]
    [InlineData("NIP 198503122010012003")]
    [InlineData("198503122010012003/")]
    public void RefusesAnythingButDigitsAndSeparators(string nip)
    {
        Assert.Equal(["NIP hanya boleh berisi angka (spasi pemisah diperbolehkan)."], NipValidator.Validate(nip, Today));
    }

    [Theory]
    [InlineData("19850312201001200", 17)]
    [InlineData("1985031220100120031", 19)]
    [InlineData("19850312 201001 2 03", 17)]
    public void RefusesAnyLengthButEighteenDigits(string nip, int length)
    {
        Assert.Equal([$"NIP harus 18 digit; yang diisi {length} digit."], NipValidator.Validate(nip, Today));
    }

    [Theory]
    [InlineData("198513122010012003", "19851312")] // month 13
    [InlineData("198503322010012003", "19850332")] // day 32
    [InlineData("198502302010012003", "19850230")] // 30 February
    [InlineData("198502292010012003", "19850229")] // 29 February in a common year
    public void RefusesABirthDateThatDoesNotExist(string nip, string birth)
    {
        Assert.Equal([$"Digit 1–8 NIP ({birth}) harus tanggal lahir yang sah (TTTTBBHH)."], NipValidator.Validate(nip, Today));
    }

    [Fact]
    public void AcceptsTwentyNinthFebruaryInALeapYear()
    {
        Assert.Empty(NipValidator.Validate("198402292010012003", Today));
    }

    [Fact]
    public void RefusesABirthYearBefore1940()
    {
        Assert.Equal(["Tanggal lahir pada NIP (31-12-1939) tidak wajar untuk pegawai aktif."],
            NipValidator.Validate("193912311965011001", Today));
    }

    [Fact]
    public void RefusesSomeoneYoungerThanSeventeen()
    {
        var errors = NipValidator.Validate("201001012025011001", Today);

        Assert.Contains("Tanggal lahir pada NIP (01-01-2010) tidak wajar untuk pegawai aktif.", errors);
    }

    [Theory]
    [InlineData("198503122010002003", "201000")]
    [InlineData("198503122010132003", "201013")]
    [InlineData("198503121949012003", "194901")]
    public void RefusesAnAppointmentMonthThatDoesNotExist(string nip, string appointment)
    {
        Assert.Equal([$"Digit 9–14 NIP ({appointment}) harus tahun dan bulan pengangkatan yang sah (TTTTBB)."],
            NipValidator.Validate(nip, Today));
    }

    [Fact]
    public void RefusesAnAppointmentInTheFuture()
    {
        Assert.Equal(["Bulan pengangkatan pada NIP (04-2026) belum terjadi."], NipValidator.Validate("198503122026042003", Today));
    }

    [Fact]
    public void AcceptsAnAppointmentInTheCurrentMonth()
    {
        Assert.Empty(NipValidator.Validate("198503122026032003", Today));
    }

    [Fact]
    public void RefusesAnAppointmentBeforeTheAgeOfEighteen()
    {
        Assert.Equal(["Bulan pengangkatan pada NIP (12-2002) terlalu dekat dengan tanggal lahir: usia pengangkatan minimal 18 tahun."],
            NipValidator.Validate("198503122002122003", Today));
    }

    [Theory]
    [InlineData("198503122003032003")] // the month of the 18th birthday
    [InlineData("198503122003042003")]
    public void AcceptsAnAppointmentFromTheMonthOfTheEighteenthBirthday(string nip)
    {
        Assert.Empty(NipValidator.Validate(nip, Today));
    }

    [Theory]
    [InlineData("198503122010010003", '0')]
    [InlineData("198503122010013003", '3')]
    [InlineData("198503122010019003", '9')]
    public void RefusesASexDigitOtherThanOneOrTwo(string nip, char digit)
    {
        Assert.Equal([$"Digit ke-15 NIP ({digit}) adalah kode jenis kelamin dan harus 1 (laki-laki) atau 2 (perempuan)."],
            NipValidator.Validate(nip, Today));
    }

    [Fact]
    public void RefusesSequenceZero()
    {
        Assert.Equal(["Tiga digit terakhir NIP (nomor urut) tidak boleh 000."], NipValidator.Validate("198503122010012000", Today));
    }

    [Fact]
    public void ReportsEveryFaultOfANipAtOnce()
    {
        var errors = NipValidator.Validate("198503122026043000", Today);

        Assert.Equal(3, errors.Count);
    }

    [Theory]
    [InlineData("198503122010012003", "19850312 201001 2 003")]
    [InlineData("19701106 199603 1 002", "19701106 199603 1 002")]
    [InlineData("19701106.199603.1.002", "19701106 199603 1 002")]
    public void FormatsTheNipInItsPrintedGroups(string nip, string printed)
    {
        Assert.Equal(printed, NipValidator.Format(nip));
    }

    [Theory]
    [InlineData("1970110619960310")]
    [InlineData("bukan NIP")]
    public void LeavesSomethingThatIsNotAnEighteenDigitNipAsItIs(string input)
    {
        Assert.Equal(input, NipValidator.Format(input));
    }

    [Theory]
    [InlineData("19701106 199603 1 002", "197011061996031002")]
    [InlineData("19701106-199603-1-002", "197011061996031002")]
    [InlineData("1970 abc", null)]
    [InlineData("  ", null)]
    public void NormalizesToDigitsOnly(string input, string? digits)
    {
        Assert.Equal(digits, NipValidator.Normalize(input));
    }
}
