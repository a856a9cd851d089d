using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AksesSpse.Web.Infrastructure;

public static class FormValidation
{
    /// <summary>Runs a FluentValidation validator and copies its messages into ModelState; true when valid.</summary>
    public static bool Check<T>(this ModelStateDictionary modelState, IValidator<T> validator, T form)
    {
        var result = validator.Validate(form);

        // Where the validator has a message for a field, it replaces MVC's own (e.g. the implicit, English
        // "The SpseUserId field is required." for an empty non-nullable string), which the page would show first.
        foreach (var property in result.Errors.Select(e => e.PropertyName).Distinct())
        {
            if (modelState.TryGetValue(property, out var entry))
            {
                entry.Errors.Clear();
            }
        }

        foreach (var error in result.Errors)
        {
            modelState.AddModelError(error.PropertyName, error.ErrorMessage);
        }

        return result.IsValid && modelState.IsValid;
    }
}
