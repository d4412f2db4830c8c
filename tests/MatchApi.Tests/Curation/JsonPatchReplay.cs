using System.Text.Json;
using System.Text.Json.Nodes;

namespace MatchApi.Tests.Curation;

/// <summary>An RFC 6902 applier (add, remove, replace), written from the RFC, to replay the history's patches independently of the service.</summary>
public static class JsonPatchReplay
{
    public static JsonNode? Apply(JsonNode? document, JsonElement patch)
    {
        foreach (var operation in patch.EnumerateArray())
        {
            var op = operation.GetProperty("op").GetString();
            var path = operation.GetProperty("path").GetString()!;
            var value = operation.TryGetProperty("value", out var v) ? JsonNode.Parse(v.GetRawText()) : null;
            if (path == "")
            {
                Assert.True(op is "add" or "replace", $"op {op} on the whole document");
                document = value;
                continue;
            }
            var tokens = path[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
            var parent = tokens[..^1].Aggregate(document, (node, token) => node is JsonArray array ? array[int.Parse(token)] : node![token]);
            var last = tokens[^1];
            switch (parent, op)
            {
                case (JsonObject obj, "add" or "replace"): obj[last] = value; break;
                case (JsonObject obj, "remove"): Assert.True(obj.Remove(last), $"remove of a missing member {path}"); break;
                case (JsonArray array, "add"): if (last == "-") array.Add(value); else array.Insert(int.Parse(last), value); break;
                case (JsonArray array, "replace"): array[int.Parse(last)] = value; break;
                case (JsonArray array, "remove"): array.RemoveAt(int.Parse(last)); break;
                default: Assert.Fail($"op {op} at {path} does not apply"); break;
            }
        }
        return document;
    }
}
