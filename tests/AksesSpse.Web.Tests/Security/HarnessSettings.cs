namespace AksesSpse.Web.Tests.Security;

/// <summary>Settings the Security, Email and Accounts tests give every <see cref="Infrastructure.AppFactory"/>.</summary>
internal static class HarnessSettings
{
    /// <summary>
    /// WebApplicationFactory hands the factory's settings to Program as "--key=value" arguments, parent sections
    /// included ("--Serilog:MinimumLevel="), and Serilog then reads the empty MinimumLevel as a level name and
    /// refuses to start (serilog-settings-configuration#332). A value on the parent keeps the app starting.
    /// </summary>
    public static Dictionary<string, string?> Extra(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Serilog:MinimumLevel"] = "Warning" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }
}
