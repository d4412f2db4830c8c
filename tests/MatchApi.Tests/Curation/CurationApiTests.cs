using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Curation.Curators;

namespace MatchApi.Tests.Curation;

/// <summary>One service whose catalog the curation tests change (each test edits schemes of its own).</summary>
public class CurationApp : ReadyApp
{
    public CurationApp() : base(Curators.Factory()) { }

    protected CurationApp(MatchApiFactory factory) : base(factory) { }
}

/// <summary>The curation tests on the default store, the SQLite file.</summary>
public sealed class SqliteCurationApiTests(CurationApp app) : CurationApiTests(app), IClassFixture<CurationApp>;

/// <summary>
/// The write API through the real pipeline: roles, preconditions, merge patch, validation, history, restore, retirement;
/// run on each store (SQLite above, PostgreSQL in Deployment/PostgresCurationApiTests).
/// </summary>
public abstract class CurationApiTests(CurationApp app)
{
    private HttpClient Client => app.Client;

    [Fact]
    public async Task Writes_need_a_curator_key_and_reads_stay_open()
    {
        var patch = new JsonObject { ["notes"] = "変更" };
        var anonymous = await SendAsync(Client, Request(HttpMethod.Patch, "/api/v1/schemes/kakenhi", key: null, ifMatch: "*", body: patch, contentType: "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        var reader = await SendAsync(Client, Request(HttpMethod.Patch, "/api/v1/schemes/kakenhi", key: ReaderKey, ifMatch: "*", body: patch, contentType: "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.Forbidden, reader.Status);
        Assert.Contains("curator", reader.Body.GetProperty("detail").GetString());
        var create = await SendAsync(Client, Request(HttpMethod.Post, "/api/v1/schemes", key: ReaderKey, body: new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, create.Status);
        var delete = await SendAsync(Client, Request(HttpMethod.Delete, "/api/v1/schemes/kakenhi", key: null, ifMatch: "*"));
        Assert.Equal(HttpStatusCode.Unauthorized, delete.Status);

        Assert.Equal(1, (await MatchApiFactory.GetJsonAsync(Client, "/api/v1/schemes/kakenhi")).GetProperty("revision").GetInt32());
        await MatchApiFactory.GetJsonAsync(Client, "/api/v1/schemes/kakenhi/revisions");
    }

    [Fact]
    public async Task A_write_without_If_Match_is_428_and_two_curators_never_overwrite_each_other()
    {
        const string id = "intractable-disease-research";
        var missing = await SendAsync(Client, Request(HttpMethod.Patch, $"/api/v1/schemes/{id}", body: new JsonObject { ["notes"] = "a" }, contentType: "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.Status);
        Assert.Equal(1, missing.Body.GetProperty("currentRevision").GetInt32());

        // Both curators read revision 1; the first write wins, the second is told the current revision.
        var seen = await ETagAsync(Client, id);
        var first = await SendAsync(Client, Request(HttpMethod.Patch, $"/api/v1/schemes/{id}", ifMatch: seen, note: "窓口1の変更",
            body: new JsonObject { ["notes"] = "窓口1の注記" }, contentType: "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.NotEqual(seen, first.ETag);
        var second = await SendAsync(Client, Request(HttpMethod.Patch, $"/api/v1/schemes/{id}", key: OtherCuratorKey, ifMatch: seen, note: "窓口2の変更",
            body: new JsonObject { ["notes"] = "窓口2の注記" }, contentType: "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.Status);
        Assert.Equal(2, second.Body.GetProperty("currentRevision").GetInt32());
        Assert.Equal(first.ETag, second.Body.GetProperty("currentETag").GetString());
        Assert.Contains("revision 2", second.Body.GetProperty("detail").GetString());

        var weak = await SendAsync(Client, Request(HttpMethod.Patch, $"/api/v1/schemes/{id}", ifMatch: "W/" + first.ETag,
            body: new JsonObject { ["notes"] = "弱いETag" }, contentType: "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, weak.Status);

        var detail = await MatchApiFactory.GetJsonAsync(Client, $"/api/v1/schemes/{id}");
        Assert.Equal("窓口1の注記", detail.GetProperty("notes").GetString());
        Assert.Equal(2, detail.GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task Merge_patch_changes_only_what_it_names_and_null_removes()
    {
        const string id = "deep-tech-startup";
        var (before, _) = await RecordAsync(Client, id);
        var detail = await PatchAsync(Client, id, new JsonObject
        {
            ["summary"] = "要約をマージパッチで更新しました。",
            ["agency"] = null,
            ["calls"] = new JsonArray(Call("2027年度 第1回公募", Day(-3), Day(20))),
        });
        Assert.Equal("要約をマージパッチで更新しました。", detail.GetProperty("summary").GetString());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("agency").ValueKind);
        Assert.Equal("accepting", detail.GetProperty("calls")[0].GetProperty("state").GetString());
        Assert.Equal(20, detail.GetProperty("nextDeadline").GetProperty("daysLeft").GetInt32());

        var (after, _) = await RecordAsync(Client, id);
        foreach (var (name, value) in before.Where(m => m.Key is not ("summary" or "agency" or "calls")))
            Assert.True(JsonNode.DeepEquals(value, after[name]), $"{name} changed");
    }

    [Fact]
    public async Task The_accepting_facet_counts_the_matches_within_every_other_filter_that_accept_applications_today()
    {
        foreach (var id in new[] { "asia-africa-health-survey", "developing-countries-medical-tech" })
            await PatchAsync(Client, id, new JsonObject { ["calls"] = new JsonArray(Call("公募", Day(-1), Day(10))) });
        foreach (var query in new[] { "q=海外", "q=海外&supportType=funding", "q=途上国 医療", "" })
        {
            var all = await MatchApiFactory.GetJsonAsync(Client, "/api/v1/schemes?pageSize=1&" + query);
            var open = await MatchApiFactory.GetJsonAsync(Client, $"/api/v1/schemes?pageSize=1&acceptingOn={Day(0)}&" + query);
            var facet = all.GetProperty("facets").GetProperty("accepting");
            var total = all.GetProperty("total").GetInt32();
            var accepting = open.GetProperty("total").GetInt32();
            Assert.True(accepting > 0, $"nothing accepting for {query}");
            Assert.Equal(accepting, facet.GetProperty("accepting").GetInt32());
            Assert.Equal(total - accepting, facet.GetProperty("not_accepting").GetInt32());
            // Filtered by acceptingOn, its own facet still counts over every other filter.
            Assert.Equal(facet.ToString(), open.GetProperty("facets").GetProperty("accepting").ToString());
        }
    }

    [Fact]
    public async Task Wrong_media_type_is_415_and_a_missing_change_note_is_a_400_naming_it()
    {
        const string id = "young-researcher-discovery";
        var etag = await ETagAsync(Client, id);
        var wrongType = await SendAsync(Client, Request(HttpMethod.Patch, $"/api/v1/schemes/{id}", ifMatch: etag, body: new JsonObject { ["notes"] = "x" }));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.Status);

        var noNote = await SendAsync(Client, Request(HttpMethod.Patch, $"/api/v1/schemes/{id}", ifMatch: etag, note: null,
            body: new JsonObject { ["notes"] = "x" }, contentType: "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.BadRequest, noNote.Status);
        Assert.True(noNote.Body.GetProperty("errors").TryGetProperty("X-Change-Note", out _));

        // The note may come in the body instead, as UTF-8 Japanese; it is not part of the record.
        var inBody = await SendAsync(Client, Request(HttpMethod.Patch, $"/api/v1/schemes/{id}", ifMatch: etag, note: null,
            body: new JsonObject { ["notes"] = "本文で注記", ["changeNote"] = "本文の変更メモ（公募要領を確認）" }, contentType: "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, inBody.Status);
        var history = await MatchApiFactory.GetJsonAsync(Client, $"/api/v1/schemes/{id}/revisions");
        Assert.Equal("本文の変更メモ（公募要領を確認）", history.GetProperty("items")[0].GetProperty("note").GetString());
        Assert.Equal("desk1", history.GetProperty("items")[0].GetProperty("author").GetString());
        Assert.False((await RecordAsync(Client, id)).Record.ContainsKey("changeNote"));
    }

    [Fact]
    public async Task The_loaders_rules_answer_400_naming_each_field_and_nothing_changes()
    {
        const string id = "clinical-research-trial-promotion";
        var (record, etag) = await RecordAsync(Client, id);
        record["stages"] = new JsonArray("clinical", "phase_9");
        record["calls"] = new JsonArray(Call("公募", Day(5), Day(1)), Call("", "2027/01/10", null));
        record["contacts"] = new JsonArray(new JsonObject { ["name"] = "窓口", ["url"] = null, ["email"] = "not-an-address", ["phone"] = null,
            ["source"] = new JsonObject { ["url"] = "https://example.go.jp/", ["checkedOn"] = "2026-13-40" } });
        var (status, body, _) = await SendAsync(Client, Request(HttpMethod.Put, $"/api/v1/schemes/{id}", ifMatch: etag, body: record));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.Contains("non_clinical (非臨床)", errors.GetProperty("stages")[0].GetString());
        Assert.Contains("closes before it opens", errors.GetProperty("calls[0].closesAt")[0].GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(errors.TryGetProperty("calls[1].title", out _));
        Assert.Contains("YYYY-MM-DD", errors.GetProperty("calls[1].opensAt")[0].GetString());
        Assert.True(errors.TryGetProperty("contacts[0].email", out _));
        Assert.True(errors.TryGetProperty("contacts[0].source.checkedOn", out _), body.ToString());

        var unknown = await SendAsync(Client, Request(HttpMethod.Put, $"/api/v1/schemes/{id}", ifMatch: etag, body: new JsonObject(record.Select(m => KeyValuePair.Create(m.Key, m.Value?.DeepClone()))) { ["colour"] = "red" }));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.True(unknown.Body.GetProperty("errors").TryGetProperty("colour", out _));

        Assert.Equal(etag, (await RecordAsync(Client, id)).ETag);
        Assert.Equal(1, (await MatchApiFactory.GetJsonAsync(Client, $"/api/v1/schemes/{id}")).GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task A_created_scheme_is_listed_and_searchable_when_the_answer_arrives()
    {
        var (template, _) = await RecordAsync(Client, "kakenhi");
        var record = template.DeepClone().AsObject();
        record["id"] = "zephyrion-device-grant";
        record["name"] = "ゼフィリオン医療機器開発助成";
        record["aliases"] = new JsonArray("Zephyrion");
        record["summary"] = "テスト用に作成した助成制度です。";
        record["related"] = new JsonArray();

        var (status, body, etag) = await SendAsync(Client, Request(HttpMethod.Post, "/api/v1/schemes", note: "新しい制度を登録", body: record));
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        var list = await MatchApiFactory.GetJsonAsync(Client, "/api/v1/schemes?q=Zephyrion");
        var listed = await MatchApiFactory.GetJsonAsync(Client, "/api/v1/schemes?pageSize=100");

        Assert.Equal("zephyrion-device-grant", list.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == "zephyrion-device-grant");
        Assert.NotNull(etag);
        Assert.Equal(etag, await ETagAsync(Client, "zephyrion-device-grant"));

        var again = await SendAsync(Client, Request(HttpMethod.Post, "/api/v1/schemes", body: record));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
    }

    [Fact]
    public async Task An_edit_of_a_predecessor_reindexes_its_successor()
    {
        // translational-research-program is found by its predecessor's names too.
        await PatchAsync(Client, "translational-research-strategic-program", new JsonObject { ["aliases"] = new JsonArray("Quorvantis") }, "旧称を追加");
        var found = await MatchApiFactory.GetJsonAsync(Client, "/api/v1/schemes?q=Quorvantis");
        var ids = found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(["translational-research-strategic-program", "translational-research-program"], ids);
    }

    [Fact]
    public async Task Retiring_hides_a_scheme_from_lists_keeps_its_history_and_restoring_brings_it_back()
    {
        const string id = "who-prequalification";
        var total = (await MatchApiFactory.GetJsonAsync(Client, "/api/v1/schemes?pageSize=1")).GetProperty("total").GetInt32();

        var referenced = await SendAsync(Client, Request(HttpMethod.Delete, "/api/v1/schemes/global-medtech-expansion", ifMatch: await ETagAsync(Client, "global-medtech-expansion"), note: "廃止"));
        Assert.Equal(HttpStatusCode.Conflict, referenced.Status);
        Assert.Contains("global-medtech-expansion-rd", referenced.Body.GetProperty("detail").GetString());

        var noPrecondition = await SendAsync(Client, Request(HttpMethod.Delete, $"/api/v1/schemes/{id}", note: "廃止"));
        Assert.Equal(HttpStatusCode.PreconditionRequired, noPrecondition.Status);
        var retired = await SendAsync(Client, Request(HttpMethod.Delete, $"/api/v1/schemes/{id}", ifMatch: await ETagAsync(Client, id), note: "事業終了のため廃止"));
        Assert.Equal(HttpStatusCode.OK, retired.Status);
        Assert.True(retired.Body.GetProperty("retired").GetBoolean());

        var after = await MatchApiFactory.GetJsonAsync(Client, "/api/v1/schemes?pageSize=100");
        Assert.Equal(total - 1, after.GetProperty("total").GetInt32());
        Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
        Assert.True((await MatchApiFactory.GetJsonAsync(Client, $"/api/v1/schemes/{id}")).GetProperty("retired").GetBoolean());

        var history = await MatchApiFactory.GetJsonAsync(Client, $"/api/v1/schemes/{id}/revisions");
        Assert.Equal("retired", history.GetProperty("items")[0].GetProperty("kind").GetString());
        var restored = await SendAsync(Client, Request(HttpMethod.Post, $"/api/v1/schemes/{id}/revisions/1/restore", ifMatch: await ETagAsync(Client, id), note: "誤って廃止したため復元"));
        Assert.Equal(HttpStatusCode.OK, restored.Status);
        Assert.False(restored.Body.GetProperty("retired").GetBoolean());
        Assert.Equal(3, restored.Body.GetProperty("revision").GetInt32());
        Assert.Equal(total, (await MatchApiFactory.GetJsonAsync(Client, "/api/v1/schemes?pageSize=1")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_history_is_newest_first_its_patches_replay_every_revision_and_an_old_one_restores()
    {
        const string id = "international-procurement";
        await PatchAsync(Client, id, new JsonObject { ["notes"] = "一回目" }, "一回目の変更");
        await PatchAsync(Client, id, new JsonObject { ["keywords"] = new JsonArray("国際調達", "WHO"), ["notes"] = null }, "二回目の変更");
        await PatchAsync(Client, id, new JsonObject { ["contacts"] = new JsonArray(new JsonObject
        {
            ["name"] = "国際調達相談窓口", ["url"] = "https://example.go.jp/contact", ["email"] = "procurement@example.go.jp", ["phone"] = "03-1234-5678",
            ["source"] = new JsonObject { ["url"] = "https://example.go.jp/contact", ["checkedOn"] = Day(0) },
        }) }, "窓口を追加");

        var history = await MatchApiFactory.GetJsonAsync(Client, $"/api/v1/schemes/{id}/revisions");
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([4, 3, 2, 1], items.Select(i => i.GetProperty("number").GetInt32()));
        Assert.Equal("data/", items[^1].GetProperty("author").GetString());
        Assert.True(items.Select(i => i.GetProperty("sequence").GetInt64()).SequenceEqual(items.Select(i => i.GetProperty("sequence").GetInt64()).OrderDescending()));

        JsonNode? replayed = null;
        foreach (var item in Enumerable.Reverse(items))
        {
            replayed = JsonPatchReplay.Apply(replayed, item.GetProperty("patch"));
            var number = item.GetProperty("number").GetInt32();
            var full = await MatchApiFactory.GetJsonAsync(Client, $"/api/v1/schemes/{id}/revisions/{number}");
            Assert.True(JsonNode.DeepEquals(replayed, JsonNode.Parse(full.GetProperty("record").GetRawText())), $"revision {number} does not replay");
        }

        var restored = await SendAsync(Client, Request(HttpMethod.Post, $"/api/v1/schemes/{id}/revisions/2/restore", ifMatch: await ETagAsync(Client, id), note: "二版目に戻す"));
        Assert.Equal(HttpStatusCode.OK, restored.Status);
        Assert.Equal("一回目", restored.Body.GetProperty("notes").GetString());
        Assert.Empty(restored.Body.GetProperty("contacts").EnumerateArray());
        var latest = (await MatchApiFactory.GetJsonAsync(Client, $"/api/v1/schemes/{id}/revisions")).GetProperty("items")[0];
        Assert.Equal("restored", latest.GetProperty("kind").GetString());
        Assert.Equal(5, latest.GetProperty("number").GetInt32());
    }
}
