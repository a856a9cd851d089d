using FluentValidation;
using MimeKit;

namespace AksesSpse.Web.Models;

/// <summary>
/// An address the app will send mail to must be one the mail library (MimeKit) accepts as it is: one mailbox, no
/// display name or comment around it, a domain with a dot. Otherwise the mail would fail only later, in the outbox.
/// </summary>
public static class EmailRules
{
    public const string NotDeliverable = "Alamat email ini tidak dapat dipakai untuk mengirim surel. Periksa penulisannya, mis. nama@instansi.go.id.";

    public static IRuleBuilderOptions<T, TProperty> DeliverableEmail<T, TProperty>(this IRuleBuilder<T, TProperty> rule) =>
        rule.Must(value => value is not string text || string.IsNullOrWhiteSpace(text) || IsDeliverable(text)).WithMessage(NotDeliverable);

    public static bool IsDeliverable(string value)
    {
        var address = value.Trim();
        if (address.Any(char.IsWhiteSpace) || !MailboxAddress.TryParse(ParserOptions.Default, address, out var mailbox))
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        return string.Equals(mailbox.Address, address, StringComparison.Ordinal)
               && at > 0
               && address.IndexOf('.', at) > at + 1
               && !address.EndsWith('.');
    }
}
