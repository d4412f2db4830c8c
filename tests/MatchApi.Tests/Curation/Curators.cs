using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchApi.Partners;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Curation;

/// <summary>Curator keys as a test configures them, and the calls a curator makes.</summary>
public static class Curators
{
    public const string CuratorKey = "curator-desk1-4b7e9a2c5d1f0e83";
    public const string OtherCuratorKey = "curator-desk2-9c3d1e7f2a6b4058";
    public const string ReaderKey = "reader-partner-2d8f6a1c9e3b5047";

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Partners:Keys:desk1:KeyHash"] = PartnerDirectory.Hash(CuratorKey),
        ["Partners:Keys:desk1:Roles:0"] = PartnerRoles.Curator,
        ["Partners:Keys:desk2:KeyHash"] = PartnerDirectory.Hash(OtherCuratorKey),
        ["Partners:Keys:desk2:Roles:0"] = PartnerRoles.Curator,
        ["Partners:Keys:reader:KeyHash"] = PartnerDirectory.Hash(ReaderKey),
        ["Partners:Keys:reader:PermitLimit"] = "100000",
        ["Partners:Keys:desk1:PermitLimit"] = "100000",
        ["Partners:Keys:desk2:PermitLimit"] = "100000",
    };

    /// <summary>A service of its own (writes change its catalog) on a private copy of data/.</summary>
    public static MatchApiFactory Factory(string? dataPath = null, string? databasePath = null)
    {
        var work = Directory.CreateTempSubdirectory("matchapi-curation-").FullName;
        return new MatchApiFactory(dataPath ?? RepositoryPaths.CopyOfData(work), Settings(), databasePath);
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, string? key = CuratorKey, string? ifMatch = null, string? note = "テスト用の変更",
        JsonNode? body = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (key is not null) request.Headers.Add(PartnerDirectory.HeaderName, key);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (note is not null) request.Headers.Add("X-Change-Note", Uri.EscapeDataString(note));
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue(contentType));
        return request;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body, string? ETag)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, response.Headers.ETag?.ToString());
    }

    public static async Task<string> ETagAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/v1/schemes/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.ETag!.IsWeak, "a scheme's ETag is strong");
        return response.Headers.ETag.ToString();
    }

    /// <summary>The curated record (data/ format) and its ETag.</summary>
    public static async Task<(JsonObject Record, string ETag)> RecordAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/v1/schemes/{id}/record");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), response.Headers.ETag!.ToString());
    }

    /// <summary>A merge patch by the default curator with the current ETag; asserts 200 and returns the new detail.</summary>
    public static async Task<JsonElement> PatchAsync(HttpClient client, string id, JsonObject patch, string note = "テスト用の変更")
    {
        var etag = await ETagAsync(client, id);
        var (status, body, _) = await SendAsync(client, Request(HttpMethod.Patch, $"/api/v1/schemes/{id}", ifMatch: etag, note: note, body: patch,
            contentType: "application/merge-patch+json"));
        Assert.True(status == HttpStatusCode.OK, $"PATCH {id} answered {(int)status}: {body}");
        return body;
    }

    /// <summary>A call for proposals in the record format, citing a web page checked today.</summary>
    public static JsonObject Call(string title, string? opensAt, string? closesAt, string? status = null) => new()
    {
        ["title"] = title,
        ["opensAt"] = opensAt,
        ["closesAt"] = closesAt,
        ["status"] = status,
        ["system"] = "e-Rad",
        ["url"] = "https://www.amed.go.jp/koubo/",
        ["note"] = null,
        ["source"] = new JsonObject { ["url"] = "https://www.amed.go.jp/koubo/", ["checkedOn"] = Today.ToString("yyyy-MM-dd") },
    };

    /// <summary>Today in Japan, as the service counts it.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

    public static string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd");
}
