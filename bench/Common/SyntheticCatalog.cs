using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Catalog.Model;

/// <summary>
/// A data folder of any size (schemes/*.json, synonyms.txt and the seed documents they cite) for load tests, composed from the real records: every real
/// record unchanged, plus synthetic ones that each take their fields from several real records picked by a seeded PRNG.
/// The same seed, size and real data give byte-identical output.
/// </summary>
/// <remarks>
/// A synthetic record starts as a copy of one real record (its name, aliases, ministry, agency, url and any field this
/// generator does not know), then takes whole field groups from other real records so that what belongs together stays
/// together: support types/categories/needs, stages with their stagesNote, applicants with their applicantsNote,
/// budgets/caps/rate/period, eligibility, notes. Its summary is its base record's summary, sometimes followed by one
/// whole sentence of another summary. Its name and aliases are the base record's with two real keywords in brackets
/// (「医療系ベンチャー・トータルサポート事業（知財調査・VC）」), unique after the loader's folding. It cites the sources of every
/// record it took text from. A few get a parent or a relation to an earlier record, as the real ones do.
/// </remarks>
public static class SyntheticCatalog
{
    public const ulong DefaultSeed = 11;
    public const string ManifestFile = "synthetic-catalog.json";

    private static readonly JsonSerializerOptions Output = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // files, not HTML: keep the Japanese readable as the real records are
    };

    private static readonly string[][] FieldGroups =
    [
        ["supportTypes", "categories", "deviceSpecific", "needs", "primaryNeeds"],
        ["stages", "stagesNote", "grantCaps"], // a grant cap names stages, which the record's stages must include
        ["applicants", "applicantsNote", "openToAllApplicants"],
        ["budgets", "subsidyRate", "period"],
        ["eligibility"],
        ["notes"],
    ];

    /// <summary>Writes the catalog into <paramref name="outputDirectory"/> (created; an earlier synthetic catalog there is replaced) and checks it with the loader's rules.</summary>
    public static void Write(string realDataDirectory, string outputDirectory, int schemes, ulong seed)
    {
        var real = new CatalogFiles(realDataDirectory);
        var records = real.SchemeFiles().Select(file => (File: file, Json: JsonNode.Parse(File.ReadAllBytes(file))!.AsObject())).ToList();
        if (schemes < records.Count)
            throw new ArgumentOutOfRangeException(nameof(schemes), $"A synthetic catalog holds every real record: at least {records.Count} schemes.");

        var output = new CatalogFiles(outputDirectory);
        PrepareDirectory(output);
        foreach (var (file, _) in records) File.Copy(file, Path.Combine(output.SchemesDirectory, Path.GetFileName(file)));
        File.Copy(real.SynonymsFile, output.SynonymsFile);
        Directory.CreateDirectory(output.SeedsDirectory);
        foreach (var file in Directory.EnumerateFiles(real.SeedsDirectory))
            File.Copy(file, Path.Combine(output.SeedsDirectory, Path.GetFileName(file)));

        var generator = new Generator(records.Select(r => r.Json).ToList(), seed);
        var digits = Math.Max(6, (schemes - records.Count).ToString().Length);
        for (var serial = 1; serial <= schemes - records.Count; serial++)
        {
            var record = generator.Next(serial, digits);
            File.WriteAllText(Path.Combine(output.SchemesDirectory, record["id"]!.GetValue<string>() + ".json"),
                record.ToJsonString(Output) + "\n", new UTF8Encoding(false));
        }
        File.WriteAllText(Path.Combine(output.DataDirectory, ManifestFile), new JsonObject
        {
            ["schemes"] = schemes,
            ["realRecords"] = records.Count,
            ["seed"] = seed,
            ["realData"] = real.ContentHash("synthetic-catalog"),
        }.ToJsonString(Output) + "\n", new UTF8Encoding(false));

        var (loaded, readProblems) = output.Read();
        var (documents, documentProblems) = output.ReadDocuments();
        var problems = readProblems.Concat(documentProblems).Concat(CatalogRules.Validate(loaded, documents)).ToList();
        if (problems.Count > 0 || loaded.Count != schemes)
            throw new InvalidOperationException($"The synthetic catalog in {output.DataDirectory} breaks the catalog rules ({loaded.Count} of {schemes} records read): "
                                                + string.Join("; ", problems.Take(10)));
    }

    /// <summary>Creates the folder, or empties one that holds an earlier synthetic catalog; refuses any other non-empty folder.</summary>
    private static void PrepareDirectory(CatalogFiles output)
    {
        var root = new DirectoryInfo(output.DataDirectory);
        if (root.Exists && root.EnumerateFileSystemInfos().Any())
        {
            if (!File.Exists(Path.Combine(root.FullName, ManifestFile)))
                throw new IOException($"{root.FullName} is not empty and holds no {ManifestFile}: not overwriting it.");
            root.Delete(recursive: true);
        }
        Directory.CreateDirectory(output.SchemesDirectory);
    }

    private sealed class Generator(IReadOnlyList<JsonObject> real, ulong seed)
    {
        private readonly SplitMix64 _random = new(seed);
        private readonly HashSet<string> _names = real.SelectMany(NamesOf).Select(Fold).ToHashSet();
        private readonly List<string> _ids = real.Select(r => Text(r, "id")!).ToList();
        private readonly int _realCount = real.Count;
        private readonly string[] _keywords = real.SelectMany(r => Strings(r, "keywords")).Distinct().ToArray();
        private readonly string[] _relationTypes = real.SelectMany(r => r["related"]!.AsArray()).Select(x => Text(x!.AsObject(), "relation")!)
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        private readonly double _parentShare = real.Count(r => Text(r, "parent") is not null) / (double)real.Count;
        private readonly double _relatedShare = real.Count(r => r["related"]!.AsArray().Count > 0) / (double)real.Count;

        public JsonObject Next(int serial, int digits)
        {
            var baseRecord = Pick(real);
            var record = baseRecord.DeepClone().AsObject();
            var donors = new List<JsonObject> { baseRecord };

            record["id"] = $"{Text(baseRecord, "id")}-s{serial.ToString("D" + digits)}";
            var (name, aliases, qualifier) = UniqueNames(baseRecord);
            record["name"] = name;
            record["aliases"] = StringArray(aliases);

            foreach (var group in FieldGroups)
            {
                var donor = Pick(real);
                foreach (var field in group)
                {
                    if (donor.ContainsKey(field)) record[field] = donor[field]?.DeepClone();
                    else record.Remove(field); // an optional field (openToAllApplicants) the donor leaves out
                }
                if (group.Any(field => HasContent(donor[field]))) donors.Add(donor);
            }

            var summary = Text(baseRecord, "summary")!;
            if (_random.NextDouble() < 0.5)
            {
                var other = Pick(real);
                var sentences = Sentences(Text(other, "summary")!);
                summary += sentences[_random.Next(sentences.Count)];
                donors.Add(other);
            }
            record["summary"] = summary;

            var keywordDonor = Pick(real);
            var borrowed = Strings(keywordDonor, "keywords").Where(_ => _random.NextDouble() < 0.25).ToList();
            record["keywords"] = StringArray(Strings(baseRecord, "keywords").Concat(qualifier).Concat(borrowed).Distinct());
            if (borrowed.Count > 0) donors.Add(keywordDonor);

            // Links only to records already written, so every relation resolves and parents form no cycle.
            var synthetic = _ids.Count - _realCount;
            record["parent"] = synthetic > 0 && _random.NextDouble() < _parentShare ? _ids[_realCount + _random.Next(synthetic)] : null;
            record["related"] = _relationTypes.Length > 0 && _random.NextDouble() < _relatedShare
                ? new JsonArray(new JsonObject
                {
                    ["relation"] = _relationTypes[_random.Next(_relationTypes.Length)],
                    ["id"] = _ids[_random.Next(_ids.Count)],
                    ["note"] = null,
                })
                : new JsonArray();

            // All of the base record's sources and the first of each other record it took text from: every borrowed field
            // cites its seed file, and a record stays about as large as a real one (the memory figures depend on it).
            var cited = new HashSet<string>();
            record["sources"] = new JsonArray(baseRecord["sources"]!.AsArray().Concat(donors.Skip(1).Select(d => d["sources"]!.AsArray()[0]))
                .Where(source => cited.Add(source!.ToJsonString())).Select(source => source!.DeepClone()).ToArray());

            _ids.Add(Text(record, "id")!);
            return record;
        }

        /// <summary>The base record's name and aliases with the same two real keywords appended, none of them used before (after folding).</summary>
        private (string Name, string[] Aliases, string[] Qualifier) UniqueNames(JsonObject baseRecord)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var first = _keywords[_random.Next(_keywords.Length)];
                var second = _keywords[_random.Next(_keywords.Length)];
                if (first == second) continue;
                var suffix = $"（{first}・{second}）";
                var name = Text(baseRecord, "name") + suffix;
                var aliases = Strings(baseRecord, "aliases").Select(a => a + suffix).ToArray();
                var folded = aliases.Prepend(name).Select(Fold).ToArray();
                if (folded.Distinct().Count() != folded.Length || folded.Any(_names.Contains)) continue;
                _names.UnionWith(folded);
                return (name, aliases, [first, second]);
            }
            throw new InvalidOperationException("No unused name found in 100 draws: the real keywords cannot make a catalog this large.");
        }

        private JsonObject Pick(IReadOnlyList<JsonObject> records) => records[_random.Next(records.Count)];
    }

    private static bool HasContent(JsonNode? node) => node switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonValue value => value.GetValueKind() != JsonValueKind.Null,
        _ => true,
    };

    private static JsonArray StringArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static IEnumerable<string> NamesOf(JsonObject record) => Strings(record, "aliases").Prepend(Text(record, "name")!);

    private static string? Text(JsonObject record, string field) => record[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static IEnumerable<string> Strings(JsonObject record, string field) =>
        record[field] is JsonArray array ? array.Select(x => x!.GetValue<string>()) : [];

    /// <summary>Whole sentences, each with its 。.</summary>
    private static List<string> Sentences(string text)
    {
        var sentences = text.Split('。', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s + "。").ToList();
        return sentences.Count > 0 ? sentences : [text];
    }

    /// <summary>As <see cref="CatalogRules"/> folds names and aliases before it checks that they are unique.</summary>
    private static string Fold(string value) => value.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();

    /// <summary>SplitMix64: a fixed algorithm, so a seed gives the same catalog on every runtime (System.Random promises no such thing).</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong NextUInt64()
        {
            var z = _state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        public int Next(int exclusiveMax) => (int)(NextUInt64() % (ulong)exclusiveMax);

        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
    }
}
