using System.Net;
using System.Text.Json;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Catalog;

/// <summary>Every documented error is a problem+json naming what is wrong; no input gives a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class ErrorTests(ReadyApp app)
{
    private readonly HttpClient _client = app.Client;

    public static TheoryData<string, string, string> InvalidInputs() => new()
    {
        // url, parameter named in errors, a fragment of what it accepts
        { "/api/v1/schemes?stage=preclinical_phase", "stage", "non_clinical (非臨床)" },
        { "/api/v1/schemes?stage=非臨床&stage=宇宙", "stage", "basic_research" },
        { "/api/v1/schemes?supportType=gift", "supportType", "funding (資金支援)" },
        { "/api/v1/schemes?ministry=mof", "ministry", "mhlw (厚生労働省)" },
        { "/api/v1/schemes?category=fun", "category", "international" },
        { "/api/v1/schemes?applicant=alien", "applicant", "startup" },
        { "/api/v1/schemes?deviceSpecific=yes", "deviceSpecific", "true or false" },
        { "/api/v1/schemes?activeOn=2026-13-01", "activeOn", "YYYY-MM-DD" },
        { "/api/v1/schemes?activeOn=令和8年", "activeOn", "YYYY-MM-DD" },
        { "/api/v1/schemes?page=0", "page", "from 1" },
        { "/api/v1/schemes?page=abc", "page", "integer" },
        { "/api/v1/schemes?pageSize=101", "pageSize", "from 1 to 100" },
        { "/api/v1/schemes?pageSize=-5", "pageSize", "from 1 to 100" },
        { "/api/v1/schemes?sort=random", "sort", "relevance, name, budget, newest" },
        { "/api/v1/analyze", "text", "Required" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Invalid_input_is_a_400_problem_naming_the_parameter_and_what_it_accepts(string url, string parameter, string accepted)
    {
        using var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        var messages = problem.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains(accepted, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Several_invalid_parameters_are_all_named_at_once()
    {
        using var response = await _client.GetAsync("/api/v1/schemes?stage=x&ministry=y&pageSize=0");
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["ministry", "pageSize", "stage"], errors.EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Overlong_query_is_a_400_with_the_limit()
    {
        using var response = await _client.GetAsync("/api/v1/schemes?q=" + new string('医', 100_000 / 9));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 1000 characters", body);
    }

    [Fact]
    public async Task Unknown_id_is_a_404_problem()
    {
        using var response = await _client.GetAsync("/api/v1/schemes/no-such-scheme");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("no-such-scheme", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unknown_path_is_a_404_problem()
    {
        using var response = await _client.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/schemes?q=%00")]
    [InlineData("/api/v1/schemes?q=%22%22%22")]
    [InlineData("/api/v1/schemes?q=NEAR(a%20b)%20OR%20*")]
    [InlineData("/api/v1/schemes?q=%F0%9F%92%B0%F0%9F%91%A5")]
    [InlineData("/api/v1/schemes?q=%ED%A0%80")]
    [InlineData("/api/v1/schemes?q=name:%E5%8C%BB%E7%99%82%20^x%20(")]
    [InlineData("/api/v1/schemes?stage=")]
    [InlineData("/api/v1/schemes/%E2%80%AE%3Cx%3E")]
    [InlineData("/api/v1/analyze?text=%22%27%3Cscript%3E")]
    public async Task Hostile_input_never_causes_a_server_error(string url)
    {
        using var response = await _client.GetAsync(url);
        Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
