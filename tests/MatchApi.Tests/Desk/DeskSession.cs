using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MatchApi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MatchApi.Tests.Desk;

/// <summary>
/// One browser page on the desk, with what the tests check after every flow: console errors, uncaught exceptions,
/// Content-Security-Policy violations and JavaScript dialogs (none may happen). Also an HTTP client on the same
/// service, to compare what the page shows with what the API answers.
/// </summary>
public sealed class DeskSession : IAsyncDisposable
{
    private readonly List<string> _errors = [];
    private readonly List<string> _dialogs = [];
    private readonly List<string> _expectedFailures = [];

    private DeskSession(IPage page, HttpClient api)
    {
        Page = page;
        Api = api;
        page.Console += (_, message) =>
        {
            if (message.Type != "error") return;
            // Chromium reports every failed request on the console; a test may expect some (a stale id in a shared link).
            if (message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal) && _expectedFailures.Any(message.Location.Contains)) return;
            _errors.Add($"console: {message.Text} at {message.Location}");
        };
        page.PageError += (_, error) => _errors.Add("page error: " + error);
        page.Dialog += async (_, dialog) =>
        {
            _dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
    }

    public IPage Page { get; }
    public HttpClient Api { get; }

    /// <summary>A request to this path may fail (e.g. 404 for an id the test put in a link on purpose).</summary>
    public void ExpectFailedRequest(string path) => _expectedFailures.Add(path);

    public ILocator Status => Page.Locator(".search-status");
    public ILocator Results => Page.Locator(".results > li.result");
    public ILocator Detail => Page.Locator("dialog.detail");

    public static async Task<DeskSession> OpenAsync(BrowserApp app, string path = "/desk", int width = 1280, int height = 900)
    {
        var page = await app.NewPageAsync(width, height);
        // Runs before the desk's script; the page cannot remove it, so every violation of the policy is recorded.
        await page.AddInitScriptAsync("""
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
            """);
        var session = new DeskSession(page, new HttpClient { BaseAddress = new Uri(app.BaseUrl) });
        await page.GotoAsync(app.BaseUrl + path);
        await Assertions.Expect(page.Locator(".facet-option").First).ToBeAttachedAsync();
        return session;
    }

    /// <summary>Runs an action that triggers a list request, and waits until the page has rendered its answer.</summary>
    public async Task AfterListLoadAsync(Func<Task> action, ILocator? status = null)
    {
        await Page.RunAndWaitForResponseAsync(action, response => new Uri(response.Url).AbsolutePath == "/api/v1/schemes");
        await Assertions.Expect(status ?? Status).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(検索中…|読み込み中…)?$"));
    }

    public async Task SearchAsync(string query)
    {
        var box = Page.GetByRole(AriaRole.Searchbox, new() { Name = "キーワード" });
        await box.FillAsync(query);
        await AfterListLoadAsync(() => box.PressAsync("Enter"));
    }

    public async Task<List<string>> ResultIdsAsync() =>
        (await Results.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.id)")).ToList();

    /// <summary>Waits until the page shows exactly these results (after back/forward, which may be answered from the HTTP cache).</summary>
    public async Task ExpectResultIdsAsync(IReadOnlyList<string> expected)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if ((await ResultIdsAsync()).SequenceEqual(expected) && await Status.TextContentAsync() is { } text && !text.EndsWith('…')) return;
            await Task.Delay(100);
        }
        Assert.Equal(expected, await ResultIdsAsync());
    }

    /// <summary>Nothing sticks out past the viewport's right edge (the page does not scroll sideways); else the elements that do.</summary>
    public async Task AssertNoSidewaysScrollAsync(string what)
    {
        var offenders = await Page.EvaluateAsync<string[]>("""
            () => document.documentElement.scrollWidth <= window.innerWidth ? [] :
              [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && ![...document.querySelectorAll('.map-grid, .compare-table-wrap')].some(box => box !== e && box.contains(e)))
                .slice(0, 8).map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`)
                .concat([`scrollWidth=${document.documentElement.scrollWidth} innerWidth=${window.innerWidth}`])
            """);
        var scrolls = await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(scrolls, $"{what} scrolls sideways; sticking out: " + string.Join(", ", offenders));
    }

    public async Task<JsonElement> GetJsonAsync(string url) => await MatchApiFactory.GetJsonAsync(Api, url);

    public static List<string> Ids(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

    /// <summary>
    /// One row per seed document the detail cites, in the order first cited: the registry's title (the file in
    /// data/seeds/documents.json, as the API serves it), who issued it and when, its file name, and every cited line range
    /// with what it supports. Returns how many rows had an abbreviated date spelt out and how many no publisher. The date is the document's own wording (dateText: 令和5年度 says a fiscal year, which a bare
    /// "2023" does not); an abbreviated wording (R5.1.31) is followed by the full date, a year alone adds nothing.
    /// </summary>
    public async Task<(int AbbreviatedDates, int WithoutPublisher)> AssertSourceDocumentsAsync(JsonElement scheme)
    {
        var registry = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Seeds, "documents.json"))).RootElement
            .EnumerateArray().ToDictionary(d => d.GetProperty("file").GetString()!);
        var sources = scheme.GetProperty("sources").EnumerateArray().ToList();
        var documents = sources.Select(s => s.GetProperty("document").GetString()!).Distinct().ToList();
        var rows = Detail.Locator(".sources-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(documents.Count);
        var abbreviatedDates = 0;
        var withoutPublisher = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var entry = registry[documents[i]];
            var served = sources.First(s => s.GetProperty("document").GetString() == documents[i]);
            foreach (var field in new[] { "title", "publisher", "date", "dateText" })
                Assert.Equal(entry.GetProperty(field).GetString(), served.GetProperty(field).GetString());
            var row = rows.Nth(i);
            Assert.Equal(documents[i], await row.GetAttributeAsync("data-document"));
            await Assertions.Expect(row.Locator(".source-title")).ToHaveTextAsync(entry.GetProperty("title").GetString()!);
            await Assertions.Expect(row.Locator(".source-file")).ToHaveTextAsync(documents[i]);

            var publisher = entry.GetProperty("publisher").GetString();
            var dateText = entry.GetProperty("dateText").GetString()!;
            var date = Regex.Match(entry.GetProperty("date").GetString()!, @"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$");
            var written = date.Groups[1].Value + "年" + (date.Groups[2].Success ? $"{int.Parse(date.Groups[2].Value)}月" : "") + (date.Groups[3].Success ? $"{int.Parse(date.Groups[3].Value)}日" : "");
            var when = date.Groups[2].Success && !dateText.Contains(written) ? $"{dateText}（{written}）" : dateText;
            if (when != dateText) abbreviatedDates++;
            if (publisher is null) withoutPublisher++;
            await Assertions.Expect(row.Locator(".source-issued")).ToHaveTextAsync(publisher is null ? $"（{when}）" : $"（{publisher}、{when}）");

            var places = sources.Where(s => s.GetProperty("document").GetString() == documents[i]).ToList();
            var items = row.Locator(".source-place");
            await Assertions.Expect(items).ToHaveCountAsync(places.Count);
            for (var p = 0; p < places.Count; p++)
            {
                var about = places[p].GetProperty("about").GetString();
                await Assertions.Expect(items.Nth(p)).ToHaveTextAsync($"{places[p].GetProperty("lines").GetString()}行{(about is null ? "" : ": " + about)}");
            }
        }
        return (abbreviatedDates, withoutPublisher);
    }

    /// <summary>Clicks a download button and returns the file's bytes and suggested name.</summary>
    public async Task<(byte[] Bytes, string FileName)> DownloadAsync(ILocator button)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
        var path = await download.PathAsync();
        return (await File.ReadAllBytesAsync(path), download.SuggestedFilename);
    }

    /// <summary>No console error, uncaught exception, CSP violation or JavaScript dialog happened on this page.</summary>
    public async Task AssertCleanAsync()
    {
        var violations = await Page.EvaluateAsync<string[]>("() => window.__cspViolations");
        Assert.True(violations.Length == 0, "CSP violations: " + string.Join("\n", violations));
        Assert.True(_errors.Count == 0, string.Join("\n", _errors));
        Assert.True(_dialogs.Count == 0, "dialogs: " + string.Join("\n", _dialogs));
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Page.Context.CloseAsync();
    }

    /// <summary>RFC 4180: fields separated by commas, rows by CRLF, quoted fields with doubled quotes and line breaks inside.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else field.Append(c);
        }
        Assert.False(quoted, "the CSV ends inside a quoted field");
        Assert.True(field.Length == 0 && row.Count == 0, "the CSV does not end with CRLF");
        return rows;
    }
}
