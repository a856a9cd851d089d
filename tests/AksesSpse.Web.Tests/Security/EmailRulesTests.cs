using AksesSpse.Core.Offices;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;

namespace AksesSpse.Web.Tests.Security;

/// <summary>Issue #7, smaller findings: an address the mail library refuses is refused at registration (and wherever the app will send to it).</summary>
public sealed class EmailRulesTests
{
    [Theory]
    [InlineData("rina.pokja@contoh.go.id")]
    [InlineData("RINA@Contoh.Go.Id")]
    [InlineData("rina+lpse@contoh.go.id")]
    public void AcceptsPlainAddresses(string address) => Assert.True(EmailRules.IsDeliverable(address));

    [Theory]
    [InlineData("rina pokja@contoh.go.id")]
    [InlineData("Rina <rina@contoh.go.id>")]
    [InlineData("rina(komentar)@contoh.go.id")]
    [InlineData("rina@contoh")]
    [InlineData("rina@contoh.go.id.")]
    [InlineData("rina@@contoh.go.id")]
    [InlineData("rina@contoh.go.id, budi@contoh.go.id")]
    public void RefusesWhatTheMailLibraryWouldNotSendAsIs(string address) => Assert.False(EmailRules.IsDeliverable(address));

    [Fact]
    public void RegistrationFormRefusesAnUndeliverableAddressInIndonesian()
    {
        var form = new RegisterForm { Email = "rina(komentar)@contoh.go.id" };
        var result = new RegisterFormValidator(PageClock.Fixed(OfficeClock.For(null, TimeProvider.System))).Validate(form);
        Assert.Contains(result.Errors, e => e.PropertyName == nameof(RegisterForm.Email) && e.ErrorMessage == EmailRules.NotDeliverable);
    }
}
