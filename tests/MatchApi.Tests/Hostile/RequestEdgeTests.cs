using System.Net;
using System.Text;
using System.Text.Json;
using MatchApi.Infrastructure;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Matchmaking.MatchmakingClient;

namespace MatchApi.Tests.Hostile;

/// <summary>The request body edge cases: duplicate keys, a byte order mark, raw invalid UTF-8; and what a 404 echoes.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestEdgeTests(ReadyApp app)
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> PostBytesAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await app.Client.PostAsync("/api/v1/recommendations", content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Theory]
    [InlineData("""{"stage": "clinical", "stage": "basic_research"}""", "stage")]
    [InlineData("""{"needs": ["funding"], "limit": 3, "needs": ["regulatory"]}""", "needs")]
    [InlineData("""{"st\u0061ge": "clinical", "stage": "clinical"}""", "stage")]
    public async Task A_field_given_twice_is_a_400_naming_it(string body, string field)
    {
        var (status, problem) = await PostAsync(app.Client, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString();
        Assert.Contains("more than once", message);
        Assert.Contains("each field at most once", message);
    }

    [Fact]
    public async Task A_UTF8_byte_order_mark_is_accepted()
    {
        var (status, response) = await PostBytesAsync([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("""{"stage": "非臨床", "limit": 2}""")]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("non_clinical", response.GetProperty("profile").GetProperty("stage").GetString());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xE5, 0x8C })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task Raw_invalid_UTF8_is_named_as_such_with_its_offset(byte[] invalid)
    {
        var (status, problem) = await PostBytesAsync([.. "{\"query\":\""u8, .. invalid, .. "\"}"u8]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("body").EnumerateArray()).GetString()!;
        Assert.Contains("Not valid UTF-8", message);
        Assert.Contains("offset 10", message); // right after {"query":"
        Assert.DoesNotContain("surrogate", message);
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_is_still_named_as_such()
    {
        var (status, problem) = await PostAsync(app.Client, """{"query": "\ud800"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("unpaired surrogate", problem.GetProperty("errors").GetProperty("query")[0].GetString());
    }

    [Fact]
    public async Task A_field_name_with_a_lone_surrogate_is_a_400()
    {
        var (status, problem) = await PostAsync(app.Client, """{"\ud800": 1}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task A_404_echoes_only_a_short_prefix_of_the_id()
    {
        var id = "x" + new string('a', 5_000);
        using var response = await app.Client.GetAsync("/api/v1/schemes/" + id);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(id[..InputErrors.MaxEcho] + "…", detail);
        Assert.True(detail.Length < 200, detail);
    }
}
