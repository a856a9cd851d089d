using System.Reflection;
using AksesSpse.Web.Tests.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace AksesSpse.Web.Tests.Security;

/// <summary>
/// "Every form is validated before its action runs": every form model that a POST action binds has a FluentValidation
/// validator in the app's own services, so FormValidationFilter runs it (issue #7, section 1). A new form without a
/// validator fails here, by name.
/// </summary>
public sealed class FormValidatorCoverageTests
{
    [Fact]
    public async Task EveryFormModelOfAPostAction_HasAValidatorRegisteredInTheApp()
    {
        var forms = PostedFormModels();
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var scope = factory.Services.CreateScope();

        // The engine SOPs' start forms, bound by POST /Prosedur/Ajukan/{sop} from the SOP's IStartForm (not an action parameter).
        foreach (var start in scope.ServiceProvider.GetServices<AksesSpse.Web.Infrastructure.IStartForm>())
        {
            forms[start.FormType] = [$"ProsedurController.StartPost (SOP {(int)start.Kind})"];
        }

        // The scan finds the forms (a broken scan must not pass by finding nothing).
        Assert.True(forms.Count >= 20, $"only {forms.Count} form models found: {string.Join(", ", forms.Keys.Select(t => t.Name))}");
        Assert.Contains(typeof(AksesSpse.Web.Models.LoginForm), forms.Keys);
        Assert.Contains(forms.Keys, t => t.Name == "StepMoveForm");
        Assert.Contains(typeof(AksesSpse.Web.Models.ActivationRequestForm), forms.Keys);
        var missing = forms
            .Where(p => scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(p.Key)) is null)
            .Select(p => $"{p.Key.FullName} (used by {string.Join(", ", p.Value)})")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "form models without a registered IValidator<T>:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    /// <summary>Form model type → the POST actions that bind it.</summary>
    private static Dictionary<Type, List<string>> PostedFormModels()
    {
        var forms = new Dictionary<Type, List<string>>();
        var controllers = typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ControllerBase).IsAssignableFrom(t));
        foreach (var controller in controllers)
        {
            foreach (var action in controller.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (!action.GetCustomAttributes<HttpPostAttribute>(inherit: true).Any() || action.GetCustomAttribute<NonActionAttribute>() is not null)
                {
                    continue;
                }

                foreach (var parameter in action.GetParameters())
                {
                    if (IsFormModel(parameter))
                    {
                        var type = parameter.ParameterType;
                        if (!forms.TryGetValue(type, out var users))
                        {
                            forms[type] = users = [];
                        }

                        users.Add($"{controller.Name}.{action.Name}");
                    }
                }
            }
        }

        return forms;
    }

    private static bool IsFormModel(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (parameter.GetCustomAttribute<FromServicesAttribute>() is not null || type.IsValueType || type.IsEnum || type == typeof(string))
        {
            return false;
        }

        // Files, the raw form and the like are not models; neither are services bound implicitly (interfaces).
        return !type.IsInterface && !typeof(IFormFile).IsAssignableFrom(type) && !typeof(IFormCollection).IsAssignableFrom(type) &&
               !typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type.IsClass;
    }
}
