using System.Collections.ObjectModel;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// One headless Chromium (Debian's /usr/bin/chromium through /usr/bin/chromedriver) with its own profile,
/// so each role of a test has its own cookies. Nothing is downloaded: the driver path is explicit and
/// Selenium Manager runs offline. Helpers wait for real navigation after a click and save screenshots.
/// </summary>
public sealed class BrowserSession : IDisposable
{
    public const string ChromiumVariable = "AKSESSPSE_TEST_CHROMIUM";
    public const string ChromeDriverVariable = "AKSESSPSE_TEST_CHROMEDRIVER";
    public const string ArtifactsVariable = "AKSESSPSE_TEST_ARTIFACTS";

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);
    private readonly string _profileDir;
    private readonly ChromeDriverService _service;
    private bool _disposed;

    private BrowserSession(string name, Uri baseAddress, string artifactsDir)
    {
        Name = name;
        BaseAddress = baseAddress;
        ArtifactsDir = artifactsDir;

        // Selenium Manager must never try the network (the machines have none); the paths below are explicit anyway.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var chromium = EnvOr(ChromiumVariable, "/usr/bin/chromium");
        var driverPath = EnvOr(ChromeDriverVariable, "/usr/bin/chromedriver");
        if (!File.Exists(chromium) || !File.Exists(driverPath))
        {
            throw new InvalidOperationException(
                $"Chromium ({chromium}) or chromedriver ({driverPath}) is missing: run the tests with scripts/test.sh, which installs them.");
        }

        _profileDir = Path.Combine(Path.GetTempPath(), "aksesspse-tests", "chromium-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_profileDir);

        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--window-size=1280,1000",
            "--lang=id-ID",
            "--user-data-dir=" + _profileDir);
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);

        _service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        _service.SuppressInitialDiagnosticInformation = true;
        _service.HideCommandPromptWindow = true;
        _service.LogPath = Path.Combine(artifactsDir, $"chromedriver-{name}.log");

        try
        {
            Driver = new ChromeDriver(_service, options, TimeSpan.FromSeconds(60));
        }
        catch
        {
            _service.Dispose();
            TryDelete(_profileDir);
            throw;
        }

        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        Driver.Manage().Timeouts().ImplicitWait = TimeSpan.Zero;
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public string ArtifactsDir { get; }
    public ChromeDriver Driver { get; }

    /// <summary>Folder for screenshots: $AKSESSPSE_TEST_ARTIFACTS/browser (a temp folder when run outside scripts/test.sh).</summary>
    public static string ArtifactsFolder()
    {
        var root = Environment.GetEnvironmentVariable(ArtifactsVariable);
        if (string.IsNullOrWhiteSpace(root))
        {
            root = Path.Combine(Path.GetTempPath(), "aksesspse-tests", "artifacts");
        }

        var dir = Path.Combine(root, "browser");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static BrowserSession Start(string name, Uri baseAddress, string artifactsDir) => new(name, baseAddress, artifactsDir);

    public void Open(string path)
    {
        Driver.Navigate().GoToUrl(new Uri(BaseAddress, path));
        WaitForReady();
    }

    public IWebElement Find(string css) => Wait(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed), $"element {css}");

    public ReadOnlyCollection<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    public string Text(string css) => Find(css).Text.Trim();

    /// <summary>The visible text of the whole page body.</summary>
    public string PageText => Driver.FindElement(By.TagName("body")).Text;

    public void Type(string css, string text)
    {
        var field = Find(css);
        field.Clear();
        field.SendKeys(text);
    }

    /// <summary>Sets a field's value directly, for inputs whose typing depends on the browser's locale (type=date).</summary>
    public void SetValue(string css, string value) =>
        Driver.ExecuteScript("arguments[0].value = arguments[1];", Find(css), value);

    /// <summary>Chooses a file for an &lt;input type=file&gt; by typing its path, as Selenium does.</summary>
    public void Attach(string css, string filePath) =>
        Wait(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(), $"file input {css}").SendKeys(filePath);

    public void Check(string css)
    {
        var box = Find(css);
        if (!box.Selected)
        {
            box.Click();
        }

        Assert.True(box.Selected, $"{css} is not checked");
    }

    /// <summary>
    /// Clicks something that leads to another page (a link or a submit button) and waits until the old
    /// page is gone and the new one has loaded. site.js disables the form's buttons after the click; the
    /// browser still sends the form with the clicked button's name and value.
    /// </summary>
    public void ClickAndWait(string css) => ClickAndWait(Find(css));

    public void ClickAndWait(IWebElement target)
    {
        // A marker on the current window object: a new document has none. (Checking an old element for
        // staleness is not enough: Chromium may answer "node does not belong to the document" instead.)
        var marker = Guid.NewGuid().ToString("N");
        Driver.ExecuteScript("window.__aksesspsePage = arguments[0];", marker);
        target.Click();
        Wait(d => !Equals(((IJavaScriptExecutor)d).ExecuteScript("return window.__aksesspsePage || null;"), marker),
            $"navigation after the click (still on {Driver.Url})");
        WaitForReady();
    }

    public void WaitForUrl(string fragment) =>
        Wait(d => d.Url.Contains(fragment, StringComparison.OrdinalIgnoreCase), $"URL containing {fragment} (now {Driver.Url})");

    public void WaitForText(string css, string text) =>
        Wait(d => d.FindElements(By.CssSelector(css)).Any(e => e.Text.Contains(text, StringComparison.Ordinal)),
            $"\"{text}\" in {css}; page text: {Trim(PageText)}");

    /// <summary>Saves a PNG of the whole page (the window is stretched to the page height for the shot).</summary>
    public string Screenshot(string fileName)
    {
        var path = Path.Combine(ArtifactsDir, fileName);
        if (PhoneWidth is { } phoneWidth)
        {
            // A phone's viewport is emulated: stretch the emulated screen to the page's height for the shot.
            var pageHeight = Convert.ToInt32(Driver.ExecuteScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);"), System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                SetDeviceMetrics(phoneWidth, Math.Clamp(pageHeight, PhoneHeight, 8000));
                Driver.GetScreenshot().SaveAsFile(path);
            }
            finally
            {
                SetDeviceMetrics(phoneWidth, PhoneHeight);
            }

            return path;
        }

        var window = Driver.Manage().Window;
        var size = window.Size;
        try
        {
            var height = Convert.ToInt32(Driver.ExecuteScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);"), System.Globalization.CultureInfo.InvariantCulture);
            window.Size = new System.Drawing.Size(size.Width, Math.Clamp(height + 140, size.Height, 6000));
            Driver.GetScreenshot().SaveAsFile(path);
        }
        finally
        {
            window.Size = size;
        }

        return path;
    }

    /// <summary>
    /// Makes the page a phone's: a viewport <paramref name="width"/> CSS pixels wide with mobile behaviour (the page's meta
    /// viewport applies), until the session ends. The window itself keeps its size.
    /// </summary>
    public void UsePhoneScreen(int width = 375, int height = 812)
    {
        PhoneWidth = width;
        PhoneHeight = height;
        SetDeviceMetrics(width, height);
    }

    public int? PhoneWidth { get; private set; }

    private int PhoneHeight { get; set; }

    private void SetDeviceMetrics(int width, int height) =>
        Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = true,
        });

    /// <summary>
    /// How far the page scrolls sideways: the document's scrollWidth against its clientWidth, and the elements that reach
    /// past the right edge (outermost first), to say what to fix.
    /// </summary>
    public (int ScrollWidth, int ClientWidth, IReadOnlyList<string> Culprits) SidewaysOverflow()
    {
        var result = (IReadOnlyDictionary<string, object>)Driver.ExecuteScript("""
            const root = document.documentElement, width = root.clientWidth, out = [];
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.width > 0 && r.right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) {
                out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
                  + ' right=' + Math.round(r.right) + ' "' + (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50) + '"');
              }
              if (out.length >= 8) break;
            }
            return { scroll: root.scrollWidth, client: width, culprits: out };
            """)!;
        var culprits = ((IEnumerable<object>)result["culprits"]).Select(o => o.ToString()!).ToList();
        return (Convert.ToInt32(result["scroll"], System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt32(result["client"], System.Globalization.CultureInfo.InvariantCulture), culprits);
    }

    /// <summary>Messages the page wrote to the console at level SEVERE (script errors, blocked resources, failed loads).</summary>
    public IReadOnlyList<string> SevereConsoleMessages() =>
        Driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == LogLevel.Severe).Select(e => e.Message).ToList();

    /// <summary>Screenshot and HTML of the current page, for a failing test.</summary>
    public void SaveFailureEvidence(string label)
    {
        try
        {
            Screenshot($"failure-{label}-{Name}.png");
            File.WriteAllText(Path.Combine(ArtifactsDir, $"failure-{label}-{Name}.html"), $"<!-- {Driver.Url} -->\n" + Driver.PageSource);
        }
        catch (WebDriverException)
        {
            // The browser itself may be what failed.
        }
    }

    public T Wait<T>(Func<IWebDriver, T?> condition, string what, TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(Driver, timeout ?? DefaultWait) { PollingInterval = TimeSpan.FromMilliseconds(50), Message = $"[{Name}] waiting for {what}" };
        // While a page unloads, element and script commands may fail in several ways: try again until the timeout.
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException),
            typeof(JavaScriptException), typeof(UnknownErrorException));
        return wait.Until(d => condition(d))!;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            Driver.Quit();
        }
        catch (WebDriverException)
        {
            // Already gone.
        }

        Driver.Dispose();
        _service.Dispose();
        TryDelete(_profileDir);
    }

    private void WaitForReady() =>
        Wait(d => Equals(((IJavaScriptExecutor)d).ExecuteScript("return document.readyState"), "complete"), "document.readyState complete");

    private static string Trim(string text) => text.Length > 600 ? text[..600] + "…" : text;

    private static string EnvOr(string variable, string fallback)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? fallback : value;
    }

    private static void TryDelete(string dir)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(200); // Chromium may still be writing its profile while it exits.
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
