using MatchApi.Catalog.Model;
using MatchApi.Catalog.Querying;
using MatchApi.Search;

namespace MatchApi.Catalog;

/// <summary>What of a scheme is searchable (in which weighted field), and its facet codes and numbers for filters and sorting.</summary>
public static class SearchDocuments
{
    private static readonly string[] FormerRelations = ["predecessor", "renamed_from"];

    /// <summary>The catalog's documents: each scheme, with its predecessors' names among its keywords.</summary>
    public static IEnumerable<SearchDocument> From(IReadOnlyList<Scheme> catalog)
    {
        var byId = catalog.ToDictionary(s => s.Id);
        return catalog.Select(s => From(s, FormerNames(s, byId)));
    }

    /// <summary>A successor is found by its predecessor's names too, below the predecessor itself (keywords weigh less than names).</summary>
    private static IEnumerable<string> FormerNames(Scheme s, IReadOnlyDictionary<string, Scheme> byId) => s.Related
        .Where(r => FormerRelations.Contains(r.RelationType) && byId.ContainsKey(r.Id))
        .SelectMany(r => byId[r.Id].Aliases.Prepend(byId[r.Id].Name));

    private static SearchDocument From(Scheme s, IEnumerable<string> formerNames) => new(
        s.Id,
        s.Name,
        s.Aliases,
        [.. s.Keywords, .. formerNames],
        s.Summary,
        string.Join("\n", new[]
            {
                s.Agency,
                s.Eligibility,
                s.ApplicantsNote,
                s.StagesNote,
                string.Join(" ", s.GrantCaps.Select(c => c.Condition)),
                FiguresText(s),
                string.Join("\n", s.Calls.Select(c => string.Join(" ", new[] { c.Title, c.System, c.Note }.Where(t => t is not null)))),
                string.Join(" ", s.Contacts.Select(c => c.Name)),
            }
            .Where(text => !string.IsNullOrWhiteSpace(text))),
        string.Join("\n", VocabularyText(s).Concat(s.Calls.Count > 0 ? [CallWords] : [])))
    {
        Facets = SchemeIndex.Facets.ToDictionary(f => f.Definition.Name, f => (IReadOnlyCollection<string>)f.CodesOf(s).ToList()),
        Numbers = SchemeIndex.Numbers(s),
    };

    /// <summary>
    /// The figures as a consultant types them: 上限7,000万円（1課題あたり（年間））, 補助率2/3, and every budget the
    /// sources give (予算10億2,400万円（当初予算）), so a figure copied from any year's document finds its scheme. Not the
    /// years: 2025年度 typed beside a name asks for that year's call, not for the scheme that has a budget that year.
    /// </summary>
    private static string FiguresText(Scheme s) => string.Join(" ", s.GrantCaps.Select(c => $"上限{Amounts.Japanese(c.AmountMillionYen)}（{c.Per}）")
        .Concat(s.SubsidyRate is { } rate ? [$"補助率{rate}"] : [])
        .Concat(s.Budgets.Select(b => $"予算{Amounts.Japanese(b.AmountMillionYen)}（{Vocabularies.BudgetKind.Label(b.Kind)}）")));

    /// <summary>
    /// Every scheme in the catalog is one a medical-device developer can use (the deck's title: 医療機器に関する主な支援策),
    /// so 医療機器 next to another word (人材育成 医療機器) narrows by that word instead of excluding general schemes.
    /// </summary>
    private const string CatalogScope = "医療機器";

    /// <summary>What a consultant types to find schemes with a known call for proposals (matched, not highlighted).</summary>
    private const string CallWords = "公募 募集 締切 応募";

    /// <summary>The labels and short forms of the scheme's codes, so "補助金" or "非臨床" find schemes tagged with them.</summary>
    private static IEnumerable<string> VocabularyText(Scheme s) =>
        Describe(Vocabularies.Ministry, s.Ministry is null ? [] : [s.Ministry])
            .Prepend(CatalogScope)
            .Concat(Describe(Vocabularies.SupportType, s.SupportTypes))
            .Concat(Describe(Vocabularies.Category, s.Categories))
            .Concat(Describe(Vocabularies.Stage, s.Stages))
            .Concat(Describe(Vocabularies.Applicant, s.Applicants))
            .Concat(Describe(Vocabularies.Need, s.Needs));

    private static IEnumerable<string> Describe(Vocabulary vocabulary, IEnumerable<string> codes) =>
        codes.Select(code => vocabulary.Terms.First(t => t.Code == code))
            .Select(term => string.Join(" ", term.ShortForms.Prepend(term.Label).Where(form => !form.Any(char.IsSurrogate))));
}
