using System.Text;

namespace MatchApi.Catalog.Model;

/// <summary>
/// The rules every catalog must satisfy before it is served: known vocabulary codes, sources citing registered seed
/// documents, relations that resolve, unique names and aliases. Also completes relations with their inverses and fills
/// each source with its document's registry entry.
/// </summary>
public static class CatalogRules
{
    public static readonly IReadOnlyDictionary<string, string> InverseRelation = new Dictionary<string, string>
    {
        ["renamed_from"] = "renamed_to",
        ["renamed_to"] = "renamed_from",
        ["predecessor"] = "successor",
        ["successor"] = "predecessor",
        ["partner"] = "partner",
    };

    private static readonly IReadOnlySet<string> BudgetKinds = new HashSet<string> { "initial", "supplementary", "request", "executed" };

    /// <summary>The problems of the registry of seed documents: duplicate files, missing titles, malformed dates or lines.</summary>
    public static IReadOnlyList<string> ValidateDocuments(IReadOnlyList<SeedDocument> documents)
    {
        var problems = new List<string>();
        if (documents.Count == 0) problems.Add("documents.json: no seed documents");
        foreach (var duplicate in documents.GroupBy(d => d.File).Where(g => g.Count() > 1))
            problems.Add($"documents.json: '{duplicate.Key}' is registered {duplicate.Count()} times");
        foreach (var d in documents)
        {
            if (string.IsNullOrWhiteSpace(d.File) || d.File.Contains('/') || d.File.Contains('\\'))
                problems.Add($"documents.json: '{d.File}' is not a file name in data/seeds");
            if (string.IsNullOrWhiteSpace(d.Title)) problems.Add($"documents.json: '{d.File}' has no title");
            if (d.Date is not null && !IsPartialDate(d.Date)) problems.Add($"documents.json: '{d.File}' date '{d.Date}' is not YYYY, YYYY-MM or YYYY-MM-DD");
            if (d.Lines.Count == 0) problems.Add($"documents.json: '{d.File}' cites no lines for its title and date");
            foreach (var lines in d.Lines.Where(l => !IsLineRange(l)))
                problems.Add($"documents.json: '{d.File}' lines '{lines}' is not a line or a range such as 12-40");
        }
        return problems;
    }

    public static IReadOnlyList<string> Validate(IReadOnlyList<Scheme> schemes, IReadOnlyList<SeedDocument> documents)
    {
        var problems = new List<string>();
        var registered = documents.Select(d => d.File).ToHashSet(StringComparer.Ordinal);
        var ids = new HashSet<string>();
        foreach (var s in schemes)
        {
            if (!ids.Add(s.Id)) problems.Add($"{s.Id}: duplicate id");
            CheckCodes(problems, s, Vocabularies.Stage, s.Stages);
            CheckCodes(problems, s, Vocabularies.SupportType, s.SupportTypes);
            CheckCodes(problems, s, Vocabularies.Category, s.Categories);
            CheckCodes(problems, s, Vocabularies.Applicant, s.Applicants);
            CheckCodes(problems, s, Vocabularies.Need, s.Needs);
            if (s.Ministry is not null) CheckCodes(problems, s, Vocabularies.Ministry, [s.Ministry]);
            if (s.Sources.Count == 0) problems.Add($"{s.Id}: no sources");
            foreach (var source in s.Sources.Where(x => !registered.Contains(x.Document)))
                problems.Add($"{s.Id}: unknown source document '{source.Document}' (not in data/seeds/documents.json)");
            foreach (var budget in s.Budgets.Where(b => !BudgetKinds.Contains(b.Kind)))
                problems.Add($"{s.Id}: unknown budget kind '{budget.Kind}'");
            if (s.Stages.Count > 0 && string.IsNullOrWhiteSpace(s.StagesNote))
                problems.Add($"{s.Id}: stages without stagesNote saying how the source supports them");
            foreach (var cap in s.GrantCaps)
            {
                CheckCodes(problems, s, Vocabularies.Stage, cap.Stages);
                foreach (var stage in cap.Stages.Where(c => s.Stages.Count > 0 && !s.Stages.Contains(c)))
                    problems.Add($"{s.Id}: a grant cap for stage '{stage}', which the scheme's stages do not include");
            }
            foreach (var need in s.PrimaryNeeds.Where(n => !s.Needs.Contains(n)))
                problems.Add($"{s.Id}: primary need '{need}' is not among its needs");
            if (s.Needs.Count > 0 && s.PrimaryNeeds.Count == 0)
                problems.Add($"{s.Id}: needs without primaryNeeds saying which are its main purpose");
            if (s.OpenToAllApplicants && s.Applicants.Count > 0)
                problems.Add($"{s.Id}: openToAllApplicants with applicants listed (list the types, or state that any developer may apply)");
            if (s.OpenToAllApplicants && string.IsNullOrWhiteSpace(s.ApplicantsNote))
                problems.Add($"{s.Id}: openToAllApplicants without applicantsNote saying how the source supports it");
        }
        foreach (var s in schemes)
        {
            if (s.Parent is not null && !ids.Contains(s.Parent)) problems.Add($"{s.Id}: parent '{s.Parent}' does not exist");
            if (s.Parent == s.Id) problems.Add($"{s.Id}: is its own parent");
            foreach (var r in s.Related)
            {
                if (!InverseRelation.ContainsKey(r.RelationType)) problems.Add($"{s.Id}: unknown relation '{r.RelationType}'");
                if (!ids.Contains(r.Id)) problems.Add($"{s.Id}: {r.RelationType} '{r.Id}' does not exist");
            }
            foreach (var owner in s.Budgets.Select(b => b.BelongsTo).OfType<string>().Distinct())
            {
                if (owner == s.Id) problems.Add($"{s.Id}: a budget belongsTo the scheme itself (leave belongsTo out for its own figures)");
                else if (!ids.Contains(owner)) problems.Add($"{s.Id}: a budget belongsTo '{owner}', which does not exist");
            }
        }
        var owners = new Dictionary<string, string>();
        foreach (var s in schemes)
            foreach (var name in s.Aliases.Prepend(s.Name).Select(Fold).Distinct())
                if (!owners.TryAdd(name, s.Id) && owners[name] != s.Id)
                    problems.Add($"{s.Id}: name or alias '{name}' is also used by {owners[name]}");
        return problems;
    }

    /// <summary>Adds the inverse of every one-sided relation, so either side of a link finds the other.</summary>
    public static void CompleteRelations(IReadOnlyList<Scheme> schemes)
    {
        var byId = schemes.ToDictionary(s => s.Id);
        foreach (var s in schemes)
            foreach (var r in s.Related.ToList())
            {
                var target = byId[r.Id];
                var inverse = InverseRelation[r.RelationType];
                if (!target.Related.Any(x => x.Id == s.Id && x.RelationType == inverse))
                    target.Related.Add(new Relation { RelationType = inverse, Id = s.Id, Note = r.Note });
            }
    }

    /// <summary>Gives every source its document's registry entry (title, publisher, date), so answers need not look it up.</summary>
    public static void ResolveSources(IReadOnlyList<Scheme> schemes, IReadOnlyList<SeedDocument> documents)
    {
        var byFile = documents.ToDictionary(d => d.File, StringComparer.Ordinal);
        foreach (var source in schemes.SelectMany(s => s.Sources))
        {
            var document = byFile[source.Document];
            (source.Title, source.Publisher, source.Date, source.DateText) = (document.Title, document.Publisher, document.Date, document.DateText);
        }
    }

    private static bool IsPartialDate(string value) =>
        DateOnly.TryParseExact(value, ["yyyy", "yyyy-MM", "yyyy-MM-dd"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    private static bool IsLineRange(string? value) =>
        value is not null && System.Text.RegularExpressions.Regex.IsMatch(value, "^[0-9]+(-[0-9]+)?$");

    private static void CheckCodes(List<string> problems, Scheme s, Vocabulary vocabulary, IEnumerable<string> codes)
    {
        foreach (var code in codes.Where(c => !vocabulary.Codes.Contains(c)))
            problems.Add($"{s.Id}: unknown {vocabulary.Name} code '{code}'");
    }

    private static string Fold(string value) => value.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
}
