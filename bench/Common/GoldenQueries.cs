using MatchApi.Testing;
using System.Text.Json;

/// <summary>One query of tests/MatchApi.Tests/Search/golden-queries.json, the queries the benches time.</summary>
sealed record GoldenQuery(string Id, string Kind, string Q)
{
    public static IReadOnlyList<GoldenQuery> Load()
    {
        var path = Path.Combine(ServiceReadiness.RepositoryRoot, "tests", "MatchApi.Tests", "Search", "golden-queries.json");
        using var file = File.OpenRead(path);
        return JsonDocument.Parse(file).RootElement.GetProperty("queries").EnumerateArray()
            .Select(q => new GoldenQuery(q.GetProperty("id").GetString()!, q.GetProperty("kind").GetString()!, q.GetProperty("q").GetString()!))
            .ToList();
    }
}
