using OpenQA.Selenium.Chrome;

namespace MlOps.TestSupport;

/// <summary>Debian's headless Chromium through its chromedriver, sending a bearer token with every request (the pages' tests).</summary>
public static class HeadlessChromium
{
    private const string Browser = "/usr/bin/chromium";
    private const string Driver = "/usr/bin/chromedriver";

    /// <summary>The reason a browser test cannot run here, or null when chromium and chromium-driver are installed.</summary>
    public static string? Missing =>
        File.Exists(Browser) && File.Exists(Driver) ? null : "Debian's chromium and chromium-driver are missing; scripts/test.sh installs them.";

    public static ChromeDriver Start(string token, int width, int height)
    {
        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--window-size={width},{height}",
            "--user-data-dir=" + Directory.CreateTempSubdirectory("chromium-").FullName);
        var driverService = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver), Path.GetFileName(Driver));
        driverService.HideCommandPromptWindow = true;
        var browser = new ChromeDriver(driverService, options, TimeSpan.FromSeconds(60));
        browser.ExecuteCdpCommand("Network.enable", []);
        browser.ExecuteCdpCommand("Network.setExtraHTTPHeaders",
            new Dictionary<string, object?> { ["headers"] = new Dictionary<string, object> { ["Authorization"] = "Bearer " + token } });
        return browser;
    }
}
