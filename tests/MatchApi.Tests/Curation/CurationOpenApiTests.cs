using System.Text.Json;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Curation;

/// <summary>/openapi/v1.json says what each curator's write takes and answers.</summary>
public sealed class CurationOpenApiTests(CurationOpenApiTests.Service factory) : IClassFixture<CurationOpenApiTests.Service>
{
    /// <summary>The service on the repository's data/, read only.</summary>
    public sealed class Service : MatchApiFactory;

    [Theory]
    [InlineData("/api/v1/schemes", "post", "application/json", false)]
    [InlineData("/api/v1/schemes/{id}", "put", "application/json", true)]
    [InlineData("/api/v1/schemes/{id}", "patch", "application/merge-patch+json", true)]
    [InlineData("/api/v1/schemes/{id}", "delete", null, true)]
    [InlineData("/api/v1/schemes/{id}/revisions/{number}/restore", "post", null, true)]
    public async Task Every_write_documents_its_headers_body_and_answers(string path, string method, string? bodyType, bool replacesARevision)
    {
        using var client = factory.CreateClient();
        var document = await MatchApiFactory.GetJsonAsync(client, "/openapi/v1.json");
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);

        var headers = operation.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header")
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Equal(bodyType is null, headers["X-Change-Note"]);
        if (replacesARevision) Assert.True(headers["If-Match"]);
        else Assert.False(headers.ContainsKey("If-Match"));

        if (bodyType is null) Assert.False(operation.TryGetProperty("requestBody", out _));
        else Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty(bodyType, out _), $"{method} {path} documents no {bodyType} body");

        var answers = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        var expected = new List<string> { "400", "401", "403", "503" };
        if (replacesARevision) expected.AddRange(["404", "412", "428"]);
        if (bodyType is not null) expected.Add("415");
        Assert.All(expected, status => Assert.Contains(status, answers));
        var success = operation.GetProperty("responses").GetProperty(method == "post" && !replacesARevision ? "201" : "200");
        Assert.True(success.GetProperty("headers").TryGetProperty("ETag", out _), "the new revision's ETag is documented");
    }
}
