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

    public static IReadOnlyList<string> Validate(IReadOnlyList<Scheme> schemes, IReadOnlyList<SeedDocument> documents) =>
        Check(schemes, documents).Select(p => p.ToString()).ToList();

    /// <summary>
    /// Every rule over the whole catalog, each problem naming the record and the field (a JSON path such as
    /// <c>calls[0].closesAt</c>), so the loader can list them per file and the write API per field.
    /// </summary>
    public static IReadOnlyList<CatalogProblem> Check(IReadOnlyList<Scheme> schemes, IReadOnlyList<SeedDocument> documents)
    {
        var problems = new List<CatalogProblem>();
        var registered = documents.Select(d => d.File).ToHashSet(StringComparer.Ordinal);
        var ids = new HashSet<string>();
        foreach (var s in schemes)
        {
            void Add(string field, string message, string? accepted = null) => problems.Add(new CatalogProblem(s.Id, field, message, accepted));

            if (!ids.Add(s.Id)) Add("id", "duplicate id");
            if (!SchemeId.IsMatch(s.Id)) Add("id", $"id '{Shorten(s.Id)}' is not a slug", "lower-case letters and digits in words joined by '-', e.g. mediso or ai-medical-device-rd");
            if (string.IsNullOrWhiteSpace(s.Name) || s.Name.Trim().Length < 2) Add("name", "no name", "the official Japanese name, at least 2 characters");
            if (string.IsNullOrWhiteSpace(s.Summary)) Add("summary", "no summary", "1–3 Japanese sentences");
            CheckCodes(Add, "stages", Vocabularies.Stage, s.Stages);
            CheckCodes(Add, "supportTypes", Vocabularies.SupportType, s.SupportTypes);
            CheckCodes(Add, "categories", Vocabularies.Category, s.Categories);
            CheckCodes(Add, "applicants", Vocabularies.Applicant, s.Applicants);
            CheckCodes(Add, "needs", Vocabularies.Need, s.Needs);
            CheckCodes(Add, "primaryNeeds", Vocabularies.Need, s.PrimaryNeeds);
            if (s.Ministry is not null) CheckCodes(Add, "ministry", Vocabularies.Ministry, [s.Ministry]);
            if (s.Sources.Count == 0) Add("sources", "no sources", $"at least one seed document and lines, e.g. {{\"document\": \"{registered.Order().FirstOrDefault()}\", \"lines\": \"14\"}}");
            for (var i = 0; i < s.Sources.Count; i++)
            {
                if (!registered.Contains(s.Sources[i].Document))
                    Add($"sources[{i}].document", $"unknown source document '{Shorten(s.Sources[i].Document)}' (not in data/seeds/documents.json)", string.Join(", ", registered.Order()));
                if (!IsLineRange(s.Sources[i].Lines)) Add($"sources[{i}].lines", $"lines '{Shorten(s.Sources[i].Lines)}' is not a line or a range", "a line or a range such as 12-40");
            }
            for (var i = 0; i < s.Budgets.Count; i++)
                if (!Vocabularies.BudgetKind.Codes.Contains(s.Budgets[i].Kind))
                    Add($"budgets[{i}].kind", $"unknown budget kind '{Shorten(s.Budgets[i].Kind)}'", string.Join(", ", Vocabularies.BudgetKind.Terms.Select(t => t.Code)));
            if (s.Stages.Count > 0 && string.IsNullOrWhiteSpace(s.StagesNote))
                Add("stagesNote", "stages without stagesNote saying how the source supports them");
            for (var i = 0; i < s.GrantCaps.Count; i++)
            {
                CheckCodes(Add, $"grantCaps[{i}].stages", Vocabularies.Stage, s.GrantCaps[i].Stages);
                foreach (var stage in s.GrantCaps[i].Stages.Where(c => s.Stages.Count > 0 && !s.Stages.Contains(c) && Vocabularies.Stage.Codes.Contains(c)))
                    Add($"grantCaps[{i}].stages", $"a grant cap for stage '{stage}', which the scheme's stages do not include", "stages among the scheme's own");
            }
            foreach (var need in s.PrimaryNeeds.Where(n => !s.Needs.Contains(n) && Vocabularies.Need.Codes.Contains(n)))
                Add("primaryNeeds", $"primary need '{need}' is not among its needs", "needs listed in needs");
            if (s.Needs.Count > 0 && s.PrimaryNeeds.Count == 0)
                Add("primaryNeeds", "needs without primaryNeeds saying which are its main purpose");
            if (s.OpenToAllApplicants && s.Applicants.Count > 0)
                Add("applicants", "openToAllApplicants with applicants listed (list the types, or state that any developer may apply)");
            if (s.OpenToAllApplicants && string.IsNullOrWhiteSpace(s.ApplicantsNote))
                Add("applicantsNote", "openToAllApplicants without applicantsNote saying how the source supports it");
            if (s.Url is not null && !IsWebUrl(s.Url)) Add("url", $"'{Shorten(s.Url)}' is not a web address", WebUrl);
            if (s.UrlSource is not null) CheckSource(Add, "urlSource", s.UrlSource);
            for (var i = 0; i < s.Calls.Count; i++) CheckCall(Add, $"calls[{i}]", s.Calls[i]);
            for (var i = 0; i < s.Contacts.Count; i++) CheckContact(Add, $"contacts[{i}]", s.Contacts[i]);
        }
        foreach (var s in schemes)
        {
            void Add(string field, string message, string? accepted = null) => problems.Add(new CatalogProblem(s.Id, field, message, accepted));

            if (s.Parent is not null && !ids.Contains(s.Parent)) Add("parent", $"parent '{Shorten(s.Parent)}' does not exist", "the id of a scheme in the catalog");
            if (s.Parent == s.Id) Add("parent", "is its own parent");
            for (var i = 0; i < s.Related.Count; i++)
            {
                var r = s.Related[i];
                if (!InverseRelation.ContainsKey(r.RelationType))
                    Add($"related[{i}].relation", $"unknown relation '{Shorten(r.RelationType)}'", string.Join(", ", InverseRelation.Keys));
                if (!ids.Contains(r.Id)) Add($"related[{i}].id", $"{Shorten(r.RelationType)} '{Shorten(r.Id)}' does not exist", "the id of a scheme in the catalog");
            }
            foreach (var owner in s.Budgets.Select(b => b.BelongsTo).OfType<string>().Distinct())
            {
                if (owner == s.Id) Add("budgets", "a budget belongsTo the scheme itself (leave belongsTo out for its own figures)");
                else if (!ids.Contains(owner)) Add("budgets", $"a budget belongsTo '{Shorten(owner)}', which does not exist", "the id of a scheme in the catalog");
            }
        }
        var owners = new Dictionary<string, string>();
        foreach (var s in schemes)
            foreach (var name in s.Aliases.Prepend(s.Name).Where(n => n is not null).Select(CatalogText.Fold).Distinct())
                if (!owners.TryAdd(name, s.Id) && owners[name] != s.Id)
                    problems.Add(new CatalogProblem(s.Id, "name", $"name or alias '{Shorten(name)}' is also used by {owners[name]}", "a name and aliases no other scheme uses"));
        return problems;
    }

    private static void CheckCall(Action<string, string, string?> add, string path, Call call)
    {
        if (string.IsNullOrWhiteSpace(call.Title)) add($"{path}.title", "a call without a title", "the call's title as published, e.g. 2027年度 第1回公募");
        var opens = CallDates.Opening(call.OpensAt);
        var closes = CallDates.Closing(call.ClosesAt);
        if (call.OpensAt is not null && opens is null) add($"{path}.opensAt", $"'{Shorten(call.OpensAt)}' is not a date", CallDates.Accepted);
        if (call.ClosesAt is not null && closes is null) add($"{path}.closesAt", $"'{Shorten(call.ClosesAt)}' is not a date", CallDates.Accepted);
        if (opens is not null && closes is not null && closes < opens) add($"{path}.closesAt", "closes before it opens", "a time on or after opensAt");
        if (call.Status is not null && !CallStatuses.All.Contains(call.Status))
            add($"{path}.status", $"'{Shorten(call.Status)}' is not a call status", "planned (公募予定), open (公募中), closed (公募終了), cancelled (中止), or null to go by the dates");
        if (call.Url is not null && !IsWebUrl(call.Url)) add($"{path}.url", $"'{Shorten(call.Url)}' is not a web address", WebUrl);
        CheckSource(add, $"{path}.source", call.Source);
    }

    private static void CheckContact(Action<string, string, string?> add, string path, Contact contact)
    {
        if (string.IsNullOrWhiteSpace(contact.Name)) add($"{path}.name", "a contact without a name", "the window's name, e.g. 医療機器開発支援ネットワーク事務局");
        if (contact.Url is null && contact.Email is null && contact.Phone is null) add(path, "a contact without url, email or phone", "at least one way to reach the window");
        if (contact.Url is not null && !IsWebUrl(contact.Url)) add($"{path}.url", $"'{Shorten(contact.Url)}' is not a web address", WebUrl);
        if (contact.Email is not null && !System.Text.RegularExpressions.Regex.IsMatch(contact.Email, @"^[^@\s]+@[^@\s]+\.[^@\s]+$"))
            add($"{path}.email", $"'{Shorten(contact.Email)}' is not an e-mail address", "an address such as info@example.go.jp");
        if (contact.Phone is not null && !System.Text.RegularExpressions.Regex.IsMatch(contact.Phone, @"^\+?[0-9][0-9\- ()]{5,20}$"))
            add($"{path}.phone", $"'{Shorten(contact.Phone)}' is not a phone number", "digits with hyphens, e.g. 03-1234-5678");
        CheckSource(add, $"{path}.source", contact.Source);
    }

    private static void CheckSource(Action<string, string, string?> add, string path, WebSource? source)
    {
        if (source is null)
        {
            add(path, "no source", "{\"url\": \"https://…\", \"checkedOn\": \"YYYY-MM-DD\"}: the page the fact was taken from and the day it was checked");
            return;
        }
        if (!IsWebUrl(source.Url)) add($"{path}.url", $"'{Shorten(source.Url)}' is not a web address", WebUrl);
        if (!DateOnly.TryParseExact(source.CheckedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            add($"{path}.checkedOn", $"'{Shorten(source.CheckedOn)}' is not a date", "the day the page was checked, as YYYY-MM-DD");
    }

    private const string WebUrl = "an absolute http or https URL";

    private static bool IsWebUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;

    private static readonly System.Text.RegularExpressions.Regex SchemeId = new("^[a-z0-9]+(-[a-z0-9]+)*$");

    private static string Shorten(string? value) => value is null ? "null" : value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>Adds the inverse of every one-sided relation, so either side of a link finds the other.</summary>
    public static void CompleteRelations(IReadOnlyList<Scheme> schemes)
    {
        var byId = schemes.ToDictionary(s => s.Id);
        foreach (var s in schemes)
            foreach (var r in s.Related.ToList())
            {
                if (!byId.TryGetValue(r.Id, out var target) || !InverseRelation.ContainsKey(r.RelationType)) continue;
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
            if (!byFile.TryGetValue(source.Document, out var document)) continue;
            (source.Title, source.Publisher, source.Date, source.DateText) = (document.Title, document.Publisher, document.Date, document.DateText);
        }
    }

    private static bool IsPartialDate(string value) =>
        DateOnly.TryParseExact(value, ["yyyy", "yyyy-MM", "yyyy-MM-dd"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    internal static bool IsLineRange(string? value) =>
        value is not null && System.Text.RegularExpressions.Regex.IsMatch(value, "^[0-9]+(-[0-9]+)?$");

    private static void CheckCodes(Action<string, string, string?> add, string field, Vocabulary vocabulary, IEnumerable<string> codes)
    {
        foreach (var code in codes.Where(c => !vocabulary.Codes.Contains(c)))
            add(field, $"unknown {vocabulary.Name} code '{Shorten(code)}'", vocabulary.Describe());
    }
}

/// <summary>One broken rule: the record, the field as a JSON path (e.g. <c>calls[0].closesAt</c>), what is wrong, and what is accepted.</summary>
public sealed record CatalogProblem(string SchemeId, string Field, string Message, string? Accepted = null)
{
    public override string ToString() => $"{SchemeId}: {Message}";
}
