using System.Net;
using System.Text;
using System.Text.Json;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Matchmaking;

/// <summary>Calls the matchmaking endpoints and reads their answers.</summary>
internal static class MatchmakingClient
{
    public static async Task<JsonElement> RecommendAsync(HttpClient client, object body)
    {
        var (status, json) = await PostAsync(client, JsonSerializer.Serialize(body, MatchApiFactory.Json));
        Assert.True(status == HttpStatusCode.OK, $"POST /api/v1/recommendations answered {(int)status}: {json}");
        return json;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string body, string mediaType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8, mediaType);
        using var response = await client.PostAsync("/api/v1/recommendations", content);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json);
    }

    public static List<JsonElement> Items(JsonElement response) => response.GetProperty("items").EnumerateArray().ToList();

    public static List<string> Ids(JsonElement response) =>
        Items(response).Select(i => i.GetProperty("scheme").GetProperty("id").GetString()!).ToList();

    public static List<string> Codes(JsonElement item, string list) =>
        item.GetProperty(list).EnumerateArray().Select(f => f.GetProperty("code").GetString()!).ToList();

    public static JsonElement Item(JsonElement response, string id) =>
        Items(response).Single(i => i.GetProperty("scheme").GetProperty("id").GetString() == id);

    /// <summary>A readable dump of the ranking for assertion messages.</summary>
    public static string Describe(JsonElement response) => string.Join("\n", Items(response).Select((i, n) =>
        $"{n + 1}. {i.GetProperty("scheme").GetProperty("id").GetString()} {i.GetProperty("score").GetDouble():0.0000}" +
        $" eligible={i.GetProperty("eligible").GetBoolean()} unmet=[{string.Join(",", Codes(i, "unmet"))}] unknown=[{string.Join(",", Codes(i, "unknown"))}]"));
}
