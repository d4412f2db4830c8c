using System.Text.Json;
using MatchApi.Tests.Curation;
using MatchApi.Tests.Infrastructure;
using Microsoft.Playwright;
using static MatchApi.Tests.Curation.Curators;

namespace MatchApi.Tests.Desk;

/// <summary>The service with curator keys; the curators' writes change its own database only.</summary>
public sealed class CuratorBrowserApp() : BrowserApp(Curators.Settings());

/// <summary>The curators' page in Chromium: sign in with a key, edit with the API's messages beside the fields, add a call, history, restore.</summary>
public sealed class CuratorDeskBrowserTests(CuratorBrowserApp app) : IClassFixture<CuratorBrowserApp>
{
    [Fact]
    public async Task A_curator_signs_in_edits_a_record_with_field_messages_adds_a_call_reads_the_history_and_restores()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource")) errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        var sentKeys = new List<string?>();
        page.Request += (_, request) => { if (request.Method == "PUT") sentKeys.Add(request.Headers.GetValueOrDefault("x-api-key")); };
        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        await page.GotoAsync(app.BaseUrl + "/desk/curate?id=mediso");
        var key = page.GetByLabel("キュレーターキー");
        await key.FillAsync(ReaderKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".signin-status")).ToHaveTextAsync("このキーにはキュレーターの権限がありません。");
        await Assertions.Expect(page.Locator(".curate-work")).ToBeHiddenAsync();

        await key.FillAsync(CuratorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".record-status")).ToContainTextAsync("現在の版を読み込みました");
        Assert.Equal(CuratorKey, await page.EvaluateAsync<string>("sessionStorage.getItem('matchapi.curatorKey')"));
        var record = (await RecordAsync(api, "mediso")).Record;
        foreach (var (field, _) in record)
            await Assertions.Expect(page.Locator($".field[data-field='{field}'] [name='{field}']")).ToBeVisibleAsync();

        // A bad URL: the API's message appears beside the field, nothing is saved.
        var url = page.Locator(".record-fields [name='url']");
        await url.FillAsync("mediso.mhlw.go.jp");
        await page.GetByLabel("変更メモ（必須）").FillAsync("公式URLを更新");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field[data-field='url'] .field-error")).ToContainTextAsync("is not a web address");
        Assert.Equal(1, (await MatchApiFactory.GetJsonAsync(api, "/api/v1/schemes/mediso")).GetProperty("revision").GetInt32());

        // Put back, with a call for proposals added through the call form.
        await url.FillAsync(record["url"]!.GetValue<string>());
        await page.GetByLabel("公募名", new() { Exact = true }).FillAsync("令和9年度 MEDISO 伴走支援 公募");
        await page.GetByLabel("受付開始", new() { Exact = true }).FillAsync(Day(5));
        await page.GetByLabel("締切", new() { Exact = true }).FillAsync(Day(30) + "T12:00:00+09:00");
        await page.GetByLabel("応募システム", new() { Exact = true }).FillAsync("e-Rad");
        await page.GetByLabel("公募ページ URL", new() { Exact = true }).FillAsync("https://mediso.mhlw.go.jp/koubo");
        await page.GetByLabel("出典 URL", new() { Exact = true }).FillAsync("https://mediso.mhlw.go.jp/koubo");
        await page.GetByLabel("確認日", new() { Exact = true }).FillAsync(Day(0));
        await page.GetByRole(AriaRole.Button, new() { Name = "公募を追加" }).ClickAsync();
        await page.GetByLabel("変更メモ（必須）").FillAsync("令和9年度の公募を追加");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.Locator(".save-status")).ToHaveTextAsync("保存しました：第2版。");
        Assert.Equal([CuratorKey, CuratorKey], sentKeys);

        var detail = await MatchApiFactory.GetJsonAsync(api, "/api/v1/schemes/mediso");
        Assert.Equal(2, detail.GetProperty("revision").GetInt32());
        var call = Assert.Single(detail.GetProperty("calls").EnumerateArray());
        Assert.Equal("令和9年度 MEDISO 伴走支援 公募", call.GetProperty("title").GetString());

        // The history reads as diffs, newest first, with the curator and the note.
        var newest = page.Locator(".revision").First;
        await Assertions.Expect(newest.Locator(".revision-head")).ToContainTextAsync("第2版");
        await Assertions.Expect(newest.Locator(".revision-head")).ToContainTextAsync("desk1");
        await Assertions.Expect(newest.Locator(".revision-head")).ToContainTextAsync("令和9年度の公募を追加");
        await Assertions.Expect(newest.Locator(".diff")).ToContainTextAsync("追加：公募（受付・締切）");
        await Assertions.Expect(newest.Locator(".diff")).ToContainTextAsync("令和9年度 MEDISO 伴走支援 公募");

        await page.GetByRole(AriaRole.Button, new() { Name = "第1版に戻す" }).ClickAsync();
        await Assertions.Expect(page.Locator(".save-status")).ToHaveTextAsync("第1版に戻しました（第3版として保存）。");
        var restored = await MatchApiFactory.GetJsonAsync(api, "/api/v1/schemes/mediso");
        Assert.Equal(3, restored.GetProperty("revision").GetInt32());
        Assert.Equal(record["url"]?.GetValue<string>(), restored.GetProperty("url").GetString());
        Assert.True(!restored.TryGetProperty("calls", out var calls) || calls.GetArrayLength() == 0, "the restored revision has no call");
        await Assertions.Expect(page.Locator(".revision").First.Locator(".revision-head")).ToContainTextAsync("第3版");

        await BrowserApp.ScreenshotAsync(page, "curator-desk");
        Assert.Empty(errors);
    }
}
