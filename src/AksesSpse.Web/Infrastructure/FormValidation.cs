using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AksesSpse.Web.Infrastructure;

public static class FormValidation
{
    /// <summary>Runs a FluentValidation validator and copies its messages into ModelState; true when valid.</summary>
    public static bool Check<T>(this ModelStateDictionary modelState, IValidator<T> validator, T form)
    {
        var result = validator.Validate(form);
        foreach (var error in result.Errors)
        {
            modelState.AddModelError(error.PropertyName, error.ErrorMessage);
        }

        return result.IsValid && modelState.IsValid;
    }
}
