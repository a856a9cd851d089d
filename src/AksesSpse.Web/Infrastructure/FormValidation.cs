using System.Collections;
using System.Globalization;
using System.Reflection;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// How every form is validated: the validators of this assembly are registered with FluentValidation's DI extensions, and
/// <see cref="FormValidationFilter"/> runs the one registered for each action argument before the action, putting its
/// messages (Bahasa Indonesia) into ModelState in place of MVC's own. Actions then only ask <c>ModelState.IsValid</c>.
/// </summary>
public static class FormValidation
{
    public static IServiceCollection AddFormValidation(this IServiceCollection services)
    {
        ValidatorOptions.Global.LanguageManager.Culture = new CultureInfo("id");
        services.AddValidatorsFromAssemblyContaining<FormValidationFilter>(ServiceLifetime.Scoped);
        services.AddScoped<FormValidationFilter>();
        return services;
    }

    /// <summary>The filter, Indonesian binding messages, and no implicit (English) "required" for non-nullable strings.</summary>
    public static void UseFormValidation(this MvcOptions options)
    {
        options.Filters.AddService<FormValidationFilter>();
        options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => $"Nilai '{Short(value)}' tidak sah.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"Nilai '{Short(value)}' tidak sah.");
        messages.SetValueIsInvalidAccessor(value => $"Nilai '{Short(value)}' tidak sah.");
        messages.SetUnknownValueIsInvalidAccessor(_ => "Nilai yang diisikan tidak sah.");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Nilai yang diisikan tidak sah.");
        messages.SetValueMustBeANumberAccessor(_ => "Isian harus berupa angka.");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "Isian harus berupa angka.");
        messages.SetValueMustNotBeNullAccessor(_ => "Isian wajib diisi.");
        messages.SetMissingBindRequiredValueAccessor(_ => "Isian wajib diisi.");
        messages.SetMissingKeyOrValueAccessor(() => "Isian wajib diisi.");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "Formulir kosong. Muat ulang halaman, lalu kirim kembali.");
    }

    /// <summary>Replaces MVC's messages for each field the validator speaks about by the validator's, without doubles.</summary>
    internal static void CopyInto(ModelStateDictionary modelState, FluentValidation.Results.ValidationResult result, string prefix)
    {
        var validatorKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var error in result.Errors)
        {
            var key = Key(prefix, error.PropertyName);
            if (validatorKeys.Add(key) && modelState.TryGetValue(key, out var entry))
            {
                // MVC's own message (a conversion error) goes; one of ours already there stays, and is not added twice.
                var ours = result.Errors.Where(e => Key(prefix, e.PropertyName) == key).Select(e => e.ErrorMessage).ToHashSet(StringComparer.Ordinal);
                var keep = entry.Errors.Where(e => ours.Contains(e.ErrorMessage)).ToList();
                entry.Errors.Clear();
                foreach (var kept in keep)
                {
                    entry.Errors.Add(kept);
                }
            }
        }

        foreach (var error in result.Errors)
        {
            var key = Key(prefix, error.PropertyName);
            if (modelState.TryGetValue(key, out var entry) && entry.Errors.Any(e => e.ErrorMessage == error.ErrorMessage))
            {
                continue;
            }

            modelState.AddModelError(key, error.ErrorMessage);
        }
    }

    private static string Key(string prefix, string property) =>
        prefix.Length == 0 ? property : property.Length == 0 ? prefix : prefix + "." + property;

    private static string Short(string? value) => value is null ? "" : value.Length > 40 ? value[..40] + "…" : value;
}

/// <summary>
/// Before any action runs: validates every argument for which a validator is registered, and refuses control characters
/// (NUL and the like) in every text of every bound form even where no validator speaks of them. Plain text arguments that
/// are not forms (search terms, tokens) lose their control characters instead, so they never reach the database.
/// </summary>
public sealed class FormValidationFilter(IServiceProvider services) : IAsyncActionFilter
{
    public const string ControlCharacterMessage =
        "Isian berisi karakter yang tidak diizinkan (karakter kendali, mis. NUL). Hapus karakter tersebut lalu kirim kembali.";

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (source == BindingSource.Services || source == BindingSource.Special ||
                !context.ActionArguments.TryGetValue(parameter.Name, out var value) || value is null)
            {
                continue;
            }

            if (value is string text)
            {
                if (TextRules.HasControlCharacter(text, allowLineBreaks: true))
                {
                    context.ActionArguments[parameter.Name] = TextRules.StripControlCharacters(text);
                }

                continue;
            }

            var type = value.GetType();
            if (type.IsValueType)
            {
                continue;
            }

            await ValidateAsync(services, context.ModelState, value, PrefixOf(context.ModelState, parameter.Name), context.HttpContext.RequestAborted);
        }

        await next();
    }

    /// <summary>
    /// What the filter does for one bound form, for a form an action binds itself (a SOP's start form, whose type the SOP
    /// chooses): its registered validator, then no control characters in any text the validator did not speak of.
    /// </summary>
    public static async Task ValidateAsync(IServiceProvider services, ModelStateDictionary modelState, object value, string prefix,
        CancellationToken ct)
    {
        var validator = services.GetService(typeof(IValidator<>).MakeGenericType(value.GetType())) as IValidator;
        var spoken = new HashSet<string>(StringComparer.Ordinal);
        if (validator is not null)
        {
            var result = await validator.ValidateAsync(new ValidationContext<object>(value), ct);
            FormValidation.CopyInto(modelState, result, prefix);
            spoken.UnionWith(result.Errors.Select(e => e.PropertyName));
        }

        foreach (var property in ControlCharacterProperties(value))
        {
            if (!spoken.Contains(property))
            {
                var key = prefix.Length == 0 ? property : prefix + "." + property;
                modelState.AddModelError(key, ControlCharacterMessage);
            }
        }
    }

    /// <summary>Where MVC bound the form: under the parameter's name when the post used it as a prefix, else at the top.</summary>
    private static string PrefixOf(ModelStateDictionary modelState, string parameter) =>
        modelState.Keys.Any(k => k.StartsWith(parameter + ".", StringComparison.OrdinalIgnoreCase)) ? parameter : "";

    /// <summary>The string (and list-of-string) properties of a form that carry a control character other than a line break.</summary>
    private static IEnumerable<string> ControlCharacterProperties(object form)
    {
        foreach (var property in form.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            if (property.PropertyType == typeof(string))
            {
                if (property.GetValue(form) is string s && TextRules.HasControlCharacter(s, allowLineBreaks: true))
                {
                    yield return property.Name;
                }
            }
            else if (typeof(IEnumerable<string>).IsAssignableFrom(property.PropertyType) && property.GetValue(form) is IEnumerable items)
            {
                var index = 0;
                foreach (var item in items)
                {
                    if (item is string s && TextRules.HasControlCharacter(s, allowLineBreaks: true))
                    {
                        yield return $"{property.Name}[{index}]";
                    }

                    index++;
                }
            }
        }
    }
}

/// <summary>Rules every text field of a form follows: a length that fits its column, and no control characters.</summary>
public static class TextRules
{
    public static bool HasControlCharacter(string? text, bool allowLineBreaks)
    {
        if (text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    public static string StripControlCharacters(string text) =>
        new(text.Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t').ToArray());

#nullable disable annotations
    /// <summary>One line of text (a name, a number): at most <paramref name="max"/> characters, no line break, tab or control character.</summary>
    public static IRuleBuilderOptions<T, string> SingleLine<T>(this IRuleBuilder<T, string> rule, string label, int max) =>
        rule.MaximumLength(max).WithMessage($"{label} maksimal {max} karakter.")
            .Must(v => !HasControlCharacter(v, allowLineBreaks: false))
            .WithMessage($"{label} harus satu baris, tanpa baris baru, tab, atau karakter kendali (mis. NUL).");

    /// <summary>Free text (a reason, a note): at most <paramref name="max"/> characters; line breaks and tabs allowed, other control characters not.</summary>
    public static IRuleBuilderOptions<T, string> MultiLine<T>(this IRuleBuilder<T, string> rule, string label, int max) =>
        rule.MaximumLength(max).WithMessage($"{label} maksimal {max} karakter.")
            .Must(v => !HasControlCharacter(v, allowLineBreaks: true))
            .WithMessage($"{label} berisi karakter kendali yang tidak diizinkan (mis. NUL). Hapus karakter tersebut lalu kirim kembali.");
#nullable restore
}
