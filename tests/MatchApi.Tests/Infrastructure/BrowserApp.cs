using MatchApi.Testing;
using Microsoft.Playwright;

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// The real service on Kestrel (a real port on 127.0.0.1) and Debian's Chromium driven by Playwright.
/// Screenshots go to TestResults/screenshots under the test output folder.
/// </summary>
public class BrowserApp : IAsyncLifetime
{
    private readonly MatchApiFactory _factory;
    private IPlaywright? _playwright;

    public BrowserApp() : this(settings: null) { }

    /// <summary>The service with extra configuration, e.g. partner keys.</summary>
    protected BrowserApp(IReadOnlyDictionary<string, string?>? settings) => _factory = new MatchApiFactory(dataPath: null, settings);

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        _factory.StartOnLoopback();
        BaseUrl = _factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        using (var client = new HttpClient { BaseAddress = new Uri(BaseUrl) })
            await MatchApiFactory.WaitUntilReadyAsync(client);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    // Partner pages are public sites calling a public service; here the service listens on loopback,
                    // which Chromium's local-network-access checks would otherwise refuse to pages from other origins.
                    "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults"],
        });
    }

    /// <summary>A fresh page in its own context, sized like a laptop unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "ja-JP",
            AcceptDownloads = true,
        });
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        _factory.Dispose();
    }

}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
