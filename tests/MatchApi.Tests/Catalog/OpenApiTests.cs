using System.Text.Json;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(ReadyApp app)
{
    [Fact]
    public async Task Every_operation_is_named_summarised_and_lists_its_errors()
    {
        var document = await MatchApiFactory.GetJsonAsync(app.Client, "/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Method: op.Name, Op: op.Value)))
            .ToList();

        Assert.Contains(operations, o => o.Path == "/api/v1/schemes" && o.Method == "get");
        Assert.Contains(operations, o => o.Path == "/api/v1/schemes/{id}" && o.Method == "get");
        Assert.Contains(operations, o => o.Path == "/api/v1/vocabularies");
        Assert.Contains(operations, o => o.Path == "/health/ready");
        foreach (var (path, method, op) in operations)
        {
            Assert.True(op.TryGetProperty("operationId", out _), $"{method} {path} has no operationId");
            Assert.True(op.TryGetProperty("summary", out _), $"{method} {path} has no summary");
        }

        var list = operations.Single(o => o.Path == "/api/v1/schemes" && o.Method == "get").Op;
        Assert.True(list.GetProperty("responses").TryGetProperty("400", out _));
        var parameters = list.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        foreach (var name in new[] { "q", "stage", "supportType", "ministry", "category", "applicant", "need", "deviceSpecific", "activeOn", "page", "pageSize", "sort" })
            Assert.True(parameters.ContainsKey(name), $"parameter {name} is not documented");
        Assert.Equal("integer", parameters["pageSize"].GetProperty("schema").GetProperty("type").GetString());

        var detail = operations.Single(o => o.Path == "/api/v1/schemes/{id}" && o.Method == "get").Op;
        Assert.True(detail.GetProperty("responses").TryGetProperty("404", out _));
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        using var response = await app.Client.GetAsync("/swagger/index.html");
        Assert.True(response.IsSuccessStatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
