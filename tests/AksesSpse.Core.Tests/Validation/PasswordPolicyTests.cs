using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;

namespace AksesSpse.Core.Tests.Validation;

/// <summary>The password policy (M7): common passwords shipped with the app, personal data, maximum length.</summary>
public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("Bismillah123")]
    [InlineData("Indonesia2026")]
    [InlineData("Password1")]
    [InlineData("P@ssw0rd2024!")]
    [InlineData("Qwerty12345")]
    [InlineData("Sayangku2025")]
    [InlineData("Jakarta1990")]
    [InlineData("Admin#LPSE2026")]
    [InlineData("Rahasia12345678")]
    public void RefusesCommonPasswords(string password)
    {
        Assert.Contains(PasswordPolicy.CommonMessage, PasswordPolicy.Check(password, "andi@contoh.go.id", "Andi Wijaya", null));
    }

    [Theory]
    [InlineData("Wijaya#Kuat2026x", "andi@contoh.go.id", "Andi Wijaya, S.T.", null)]
    [InlineData("Siti.Nurhaliza9Z", "siti.nurhaliza@contoh.go.id", "Siti N.", null)]
    [InlineData("Tgl199001152015x", "andi@contoh.go.id", "Andi", "199001152015031002")]
    public void RefusesPasswordsThatContainTheUsersEmailNameOrNip(string password, string email, string name, string? nip)
    {
        Assert.Contains(PasswordPolicy.PersonalMessage, PasswordPolicy.Check(password, email, name, nip));
    }

    [Fact]
    public void RefusesPasswordsLongerThan128Characters()
    {
        Assert.Equal([PasswordPolicy.MaxLengthMessage], PasswordPolicy.Check(new string('x', 120) + "Aa1#Bb2$Cc", null, null, null));
        Assert.Empty(PasswordPolicy.Check("Kuda-Laut7-Jeruk" + new string('z', 112), null, null, null));
    }

    [Theory]
    [InlineData("Kuda-Laut7-Jeruk")]
    [InlineData(DatabaseInitializer.DemoPassword)]
    [InlineData("Rahasia#2026Baru")]
    public void AcceptsUncommonPasswords(string password)
    {
        Assert.Empty(PasswordPolicy.Check(password, "siti.nurhaliza@contoh.go.id", "Siti Nurhaliza, S.T.", "199001152015031002"));
    }

    [Fact]
    public void ShipsAListOfSeveralThousandNormalisedPasswords()
    {
        Assert.True(PasswordPolicy.CommonPasswords.Count >= 10_000, $"only {PasswordPolicy.CommonPasswords.Count} entries");
        Assert.All(PasswordPolicy.CommonPasswords, p => Assert.Equal(PasswordPolicy.Normalize(p), p));
    }
}
