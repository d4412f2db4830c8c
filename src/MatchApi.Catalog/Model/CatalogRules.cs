using System.Text;

namespace MatchApi.Catalog.Model;

/// <summary>
/// The rules every catalog must satisfy before it is served: known vocabulary codes, cited sources,
/// relations that resolve, unique names and aliases. Also completes relations with their inverses.
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

    public static readonly IReadOnlySet<string> SourceDocuments = new HashSet<string>
    {
        "000_aa60190804a82612.txt", "001_cc59436e78ba606c.txt", "002_bcc499cb70a20c7d.txt",
        "003_96967be7f988e705.txt", "004_bc6e72f719cc4e4b.txt",
    };

    private static readonly IReadOnlySet<string> BudgetKinds = new HashSet<string> { "initial", "supplementary", "request", "executed" };

    public static IReadOnlyList<string> Validate(IReadOnlyList<Scheme> schemes)
    {
        var problems = new List<string>();
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
            foreach (var source in s.Sources.Where(x => !SourceDocuments.Contains(x.Document)))
                problems.Add($"{s.Id}: unknown source document '{source.Document}'");
            foreach (var budget in s.Budgets.Where(b => !BudgetKinds.Contains(b.Kind)))
                problems.Add($"{s.Id}: unknown budget kind '{budget.Kind}'");
            if (s.Stages.Count > 0 && string.IsNullOrWhiteSpace(s.StagesNote))
                problems.Add($"{s.Id}: stages without stagesNote saying how the source supports them");
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

    private static void CheckCodes(List<string> problems, Scheme s, Vocabulary vocabulary, IEnumerable<string> codes)
    {
        foreach (var code in codes.Where(c => !vocabulary.Codes.Contains(c)))
            problems.Add($"{s.Id}: unknown {vocabulary.Name} code '{code}'");
    }

    private static string Fold(string value) => value.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
}
