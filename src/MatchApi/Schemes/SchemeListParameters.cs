using MatchApi.Catalog.Model;
using MatchApi.Catalog.Querying;
using MatchApi.Infrastructure;

namespace MatchApi.Schemes;

/// <summary>
/// The query string of GET /api/v1/schemes (and of the feeds, which take the same), described once: the handler
/// parses these descriptors and the OpenAPI document is written from them.
/// </summary>
public static class SchemeListParameters
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static readonly TextParameter Q = new("q", "Free text in Japanese and/or Latin script: words (all must match), \"quoted phrases\", -excluded words; " +
        "an amount with a bound (1億円以上, 5,000万円まで) also matches a scheme whose largest grant per project is inside it.");
    public static readonly CodesParameter Stage = new("stage", Vocabularies.Stage, "Development stage");
    public static readonly CodesParameter SupportType = new("supportType", Vocabularies.SupportType, "Support type");
    public static readonly CodesParameter Ministry = new("ministry", Vocabularies.Ministry, "Ministry");
    public static readonly CodesParameter Category = new("category", Vocabularies.Category, "Category of the 2023 overview");
    public static readonly CodesParameter Applicant = new("applicant", Vocabularies.Applicant, "Eligible applicant");
    public static readonly CodesParameter Need = new("need", Vocabularies.Need, "Need the scheme addresses");
    public static readonly BooleanParameter DeviceSpecific = new("deviceSpecific", "true: only device-specific schemes (● in the 2023 overview); false: only general ones (○).");
    public static readonly DateParameter ActiveOn = new("activeOn", "only schemes whose programme period (Japanese fiscal years, April–March) covers that day. Schemes whose period the sources do not give are kept.");
    public static readonly DateParameter AcceptingOn = new("acceptingOn", "only schemes with a call for proposals (公募) accepting applications that day in Japan (opened and not yet closed, not cancelled).");
    public static readonly DateParameter ClosesBefore = new("closesBefore", "only schemes with a call whose deadline lies ahead (from now, or from acceptingOn) and on or before the end of that day in Japan.");
    public static readonly IntegerParameter Page = new("page", "1-based page number", 1, 1, int.MaxValue, "a page past the last answers 200 with an empty items list and the total");
    public static readonly IntegerParameter PageSize = new("pageSize", "Items per page", DefaultPageSize, 1, MaxPageSize);
    public static readonly ChoiceParameter<SchemeSort> Sort = new("sort", new Dictionary<SchemeSort, string>
    {
        [SchemeSort.Relevance] = "default with q; without q it means name",
        [SchemeSort.Name] = "default without q",
        [SchemeSort.Budget] = "latest budget, largest first",
        [SchemeSort.Newest] = "latest start year first",
        [SchemeSort.Deadline] = "the call closing next first, from now or acceptingOn; schemes without a deadline ahead last",
    });

    public static readonly IReadOnlyList<QueryParameter> All =
        [Q, Stage, SupportType, Ministry, Category, Applicant, Need, DeviceSpecific, ActiveOn, AcceptingOn, ClosesBefore, Page, PageSize, Sort];

    /// <summary>The query; every invalid value goes to <paramref name="errors"/>.</summary>
    public static SchemeQuery Parse(IQueryCollection query, InputErrors errors)
    {
        var filter = new SchemeFilter
        {
            Stages = Stage.Parse(query, errors),
            SupportTypes = SupportType.Parse(query, errors),
            Ministries = Ministry.Parse(query, errors),
            Categories = Category.Parse(query, errors),
            Applicants = Applicant.Parse(query, errors),
            Needs = Need.Parse(query, errors),
            DeviceSpecific = DeviceSpecific.Parse(query, errors),
            ActiveOn = ActiveOn.Parse(query, errors),
            AcceptingOn = AcceptingOn.Parse(query, errors),
            ClosesBefore = ClosesBefore.Parse(query, errors),
        };
        var text = Q.Parse(query, errors);
        var sort = Sort.Parse(query, errors);
        return new SchemeQuery(text, filter, Page.Parse(query, errors), PageSize.Parse(query, errors), sort);
    }
}
