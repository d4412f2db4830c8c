using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MatchApi.Catalog.Model;

namespace MatchApi.Catalog.Infrastructure;

/// <summary>The curated files under data/: one JSON record per scheme in data/schemes/, and the registry of the seed documents they cite.</summary>
public sealed class CatalogFiles(string dataDirectory)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);
    public string SchemesDirectory => Path.Combine(DataDirectory, "schemes");
    public string SynonymsFile => Path.Combine(DataDirectory, "synonyms.txt");
    public string SeedsDirectory => Path.Combine(DataDirectory, "seeds");
    public string DocumentsFile => Path.Combine(SeedsDirectory, "documents.json");

    public IReadOnlyList<string> SchemeFiles() =>
        Directory.EnumerateFiles(SchemesDirectory, "*.json").Order(StringComparer.Ordinal).ToList();

    /// <summary>A hash of every scheme file's and the document registry's name and bytes, plus a salt for what else shapes the stored catalog (e.g. the analyzer).</summary>
    public string ContentHash(string salt)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(salt));
        foreach (var file in SchemeFiles().Append(DocumentsFile).Where(File.Exists))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Reads every record; problems are collected per file rather than thrown one at a time.</summary>
    public (IReadOnlyList<Scheme> Schemes, IReadOnlyList<string> Problems) Read()
    {
        var schemes = new List<Scheme>();
        var problems = new List<string>();
        foreach (var file in SchemeFiles())
        {
            var name = Path.GetFileName(file);
            try
            {
                var scheme = JsonSerializer.Deserialize<Scheme>(File.ReadAllBytes(file), Json);
                if (scheme is null) problems.Add($"{name}: empty record");
                else if (scheme.Id + ".json" != name) problems.Add($"{name}: id '{scheme.Id}' does not match the file name");
                else schemes.Add(scheme);
            }
            catch (JsonException e)
            {
                problems.Add($"{name}: {e.Message}");
            }
        }
        return (schemes, problems);
    }

    /// <summary>Reads the registry of seed documents (data/seeds/documents.json); a missing or malformed file is a problem, not an exception.</summary>
    public (IReadOnlyList<SeedDocument> Documents, IReadOnlyList<string> Problems) ReadDocuments()
    {
        var name = Path.GetRelativePath(DataDirectory, DocumentsFile);
        if (!File.Exists(DocumentsFile)) return ([], [$"{name}: missing (the registry of the seed documents that sources cite)"]);
        try
        {
            var documents = JsonSerializer.Deserialize<List<SeedDocument>>(File.ReadAllBytes(DocumentsFile), Json);
            return documents is null ? ([], [$"{name}: empty registry"]) : (documents, []);
        }
        catch (JsonException e)
        {
            return ([], [$"{name}: {e.Message}"]);
        }
    }
}
