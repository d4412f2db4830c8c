using System.Text.Json.Nodes;

namespace MatchApi.Catalog.Curation;

/// <summary>JSON Merge Patch (RFC 7396) to apply curators' partial edits, and JSON Patch (RFC 6902) diffs for the history.</summary>
public static class JsonPatches
{
    /// <summary>RFC 7396: members of <paramref name="patch"/> replace the target's, null removes one, objects merge recursively.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members) return patch?.DeepClone();
        var result = target is JsonObject existing ? (JsonObject)existing.DeepClone() : new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is null) result.Remove(name);
            else result[name] = MergePatch(result[name], value);
        }
        return result;
    }

    /// <summary>RFC 6902 operations (add, remove, replace) that turn <paramref name="from"/> into <paramref name="to"/>.</summary>
    public static JsonArray Diff(JsonNode? from, JsonNode? to)
    {
        var operations = new JsonArray();
        Diff(from, to, "", operations);
        return operations;
    }

    /// <summary>What <see cref="Diff"/> gives from nothing to this JSON (one "add" of the whole document), without parsing it.</summary>
    public static string Creation(string json) => $"[{{\"op\":\"add\",\"path\":\"\",\"value\":{json.TrimEnd()}}}]";

    private static void Diff(JsonNode? from, JsonNode? to, string path, JsonArray operations)
    {
        if (JsonNode.DeepEquals(from, to)) return;
        switch (from, to)
        {
            case (JsonObject a, JsonObject b):
                foreach (var (name, _) in a.Where(m => !b.ContainsKey(m.Key)).ToList())
                    operations.Add(Operation("remove", path + "/" + Escape(name)));
                foreach (var (name, value) in b)
                {
                    if (a.TryGetPropertyValue(name, out var old)) Diff(old, value, path + "/" + Escape(name), operations);
                    else operations.Add(Operation("add", path + "/" + Escape(name), value));
                }
                break;
            case (JsonArray a, JsonArray b):
                var common = Math.Min(a.Count, b.Count);
                for (var i = 0; i < common; i++) Diff(a[i], b[i], $"{path}/{i}", operations);
                for (var i = common; i < b.Count; i++) operations.Add(Operation("add", $"{path}/{i}", b[i]));
                for (var i = a.Count - 1; i >= common; i--) operations.Add(Operation("remove", $"{path}/{i}"));
                break;
            default:
                operations.Add(from is null && path == "" ? Operation("add", path, to) : Operation("replace", path, to));
                break;
        }
    }

    private static JsonObject Operation(string op, string path, JsonNode? value = null)
    {
        var operation = new JsonObject { ["op"] = op, ["path"] = path };
        if (op != "remove") operation["value"] = value?.DeepClone();
        return operation;
    }

    /// <summary>RFC 6901: ~ and / in a member name.</summary>
    private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");
}
