using MatchApi.Catalog.Model;
using MatchApi.Search;

namespace MatchApi.Catalog;

/// <summary>What of a scheme is searchable, and in which weighted field.</summary>
public static class SearchDocuments
{
    public static SearchDocument From(Scheme s) => new(
        s.Id,
        s.Name,
        s.Aliases,
        s.Keywords,
        s.Summary,
        string.Join("\n", new[]
            {
                s.Agency,
                s.Eligibility,
                s.ApplicantsNote,
                s.StagesNote,
                string.Join(" ", s.GrantCaps.Select(c => c.Condition)),
            }
            .Where(text => !string.IsNullOrWhiteSpace(text))),
        string.Join("\n", VocabularyText(s)));

    /// <summary>The labels and short forms of the scheme's codes, so "補助金" or "非臨床" find schemes tagged with them.</summary>
    private static IEnumerable<string> VocabularyText(Scheme s) =>
        Describe(Vocabularies.Ministry, s.Ministry is null ? [] : [s.Ministry])
            .Concat(Describe(Vocabularies.SupportType, s.SupportTypes))
            .Concat(Describe(Vocabularies.Category, s.Categories))
            .Concat(Describe(Vocabularies.Stage, s.Stages))
            .Concat(Describe(Vocabularies.Applicant, s.Applicants))
            .Concat(Describe(Vocabularies.Need, s.Needs));

    private static IEnumerable<string> Describe(Vocabulary vocabulary, IEnumerable<string> codes) =>
        codes.Select(code => vocabulary.Terms.First(t => t.Code == code))
            .Select(term => string.Join(" ", term.ShortForms.Prepend(term.Label).Where(form => !form.Any(char.IsSurrogate))));
}
