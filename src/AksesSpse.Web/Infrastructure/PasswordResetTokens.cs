using AksesSpse.Core.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// Tokens of the forgotten-password link: valid for <see cref="Lifespan"/> (email confirmation keeps Identity's
/// default day), and used up by the reset itself, because they are bound to the security stamp that the reset changes.
/// </summary>
public sealed class PasswordResetTokens(
    IDataProtectionProvider dataProtection,
    IOptions<PasswordResetTokens.TokenOptions> options,
    ILogger<DataProtectorTokenProvider<ApplicationUser>> logger)
    : DataProtectorTokenProvider<ApplicationUser>(dataProtection, options, logger)
{
    public const string ProviderName = "AksesSpsePasswordReset";
    public static readonly TimeSpan Lifespan = TimeSpan.FromHours(2);

    public sealed class TokenOptions : DataProtectionTokenProviderOptions
    {
        public TokenOptions()
        {
            Name = ProviderName;
            TokenLifespan = Lifespan;
        }
    }
}
