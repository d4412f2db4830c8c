namespace MatchApi.Catalog.Model;

/// <summary>
/// One support scheme, as curated in data/schemes/&lt;id&gt;.json and stored in the catalog database.
/// Codes are the lower-snake-case vocabulary codes of <see cref="Vocabularies"/>.
/// </summary>
public sealed class Scheme
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public List<string> Aliases { get; set; } = [];
    public string? Parent { get; set; }
    public string? Ministry { get; set; }
    public string? Agency { get; set; }
    public List<string> SupportTypes { get; set; } = [];
    public List<string> Categories { get; set; } = [];
    public bool? DeviceSpecific { get; set; }
    public List<string> Stages { get; set; } = [];
    public string? StagesNote { get; set; }
    public List<string> Applicants { get; set; } = [];

    /// <summary>
    /// The sources present the scheme as open to any developer (no applicant restriction, e.g. the regulator's own
    /// consultations); then <see cref="Applicants"/> stays empty and <see cref="ApplicantsNote"/> says why.
    /// </summary>
    public bool OpenToAllApplicants { get; set; }

    public string? ApplicantsNote { get; set; }
    public List<string> Needs { get; set; } = [];

    /// <summary>The needs the scheme exists for (its main purpose), a subset of <see cref="Needs"/>; the others it also serves.</summary>
    public List<string> PrimaryNeeds { get; set; } = [];
    public List<string> Keywords { get; set; } = [];
    public List<Budget> Budgets { get; set; } = [];
    public List<GrantCap> GrantCaps { get; set; } = [];
    public string? SubsidyRate { get; set; }
    public Period Period { get; set; } = new();
    public string? Url { get; set; }

    /// <summary>Where a curator found <see cref="Url"/> and when it was checked; null for a URL a seed document gives (cited in sources).</summary>
    public WebSource? UrlSource { get; set; }

    public string? Eligibility { get; set; }
    public required string Summary { get; set; }
    public List<Relation> Related { get; set; } = [];
    public string? Notes { get; set; }
    public List<SourceRef> Sources { get; set; } = [];

    /// <summary>Calls for proposals (公募), each citing the web page it was curated from.</summary>
    public List<Call> Calls { get; set; } = [];

    /// <summary>Contact windows (問い合わせ窓口), each citing the web page it was curated from.</summary>
    public List<Contact> Contacts { get; set; } = [];

    /// <summary>
    /// A copy to complete and resolve for serving: its own relation list and sources (what completing relations and
    /// resolving sources change), everything else shared with this record, which nothing changes once it is read.
    /// </summary>
    public Scheme CopyForServing()
    {
        var copy = (Scheme)MemberwiseClone();
        copy.Related = [.. Related];
        copy.Sources = [.. Sources.Select(s => new SourceRef { Document = s.Document, Lines = s.Lines, About = s.About })];
        return copy;
    }

    /// <summary>Whether the programme runs in the given fiscal year; null when the sources give no period.</summary>
    public bool? IsActiveIn(int fiscalYear)
    {
        if (Period.StartFiscalYear is null && Period.EndFiscalYear is null) return null;
        return (Period.StartFiscalYear is not { } start || start <= fiscalYear)
            && (Period.EndFiscalYear is not { } end || fiscalYear <= end);
    }

    /// <summary>The applicant types the scheme takes: those the sources list, or every developer type when it is open to all.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> AcceptedApplicants => OpenToAllApplicants ? Vocabularies.DeveloperApplicants : Applicants;

    /// <summary>The most recent budget figure of the scheme itself (latest fiscal year; of its figures the first in budgetKind order).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Budget? LatestBudget => Budgets
        .Where(b => b.BelongsTo is null)
        .OrderByDescending(b => b.FiscalYear)
        .ThenBy(b => Vocabularies.BudgetKind.Order(b.Kind))
        .FirstOrDefault();
}

public sealed class Budget
{
    public int FiscalYear { get; set; }
    public decimal AmountMillionYen { get; set; }
    public required string Kind { get; set; }
    public string? Note { get; set; }

    /// <summary>
    /// The id of the scheme the figure belongs to, when it is charted here but is another scheme's (e.g. a predecessor's
    /// budget for the years before this scheme began); null for the scheme's own figures.
    /// </summary>
    public string? BelongsTo { get; set; }
}

public sealed class GrantCap
{
    public decimal AmountMillionYen { get; set; }
    public required string Per { get; set; }
    public string? Condition { get; set; }

    /// <summary>The development stages the cap applies to (stage codes); empty when it applies whatever the stage.</summary>
    public List<string> Stages { get; set; } = [];

    /// <summary>Whether the cap applies to a project at the given stage (a cap without stages applies to every stage).</summary>
    public bool AppliesTo(string stage) => Stages.Count == 0 || Stages.Contains(stage);
}

public sealed class Period
{
    public int? StartFiscalYear { get; set; }
    public int? EndFiscalYear { get; set; }
}

public sealed class Relation
{
    [System.Text.Json.Serialization.JsonPropertyName("relation")]
    public required string RelationType { get; set; }
    public required string Id { get; set; }
    public string? Note { get; set; }
}

public sealed class SourceRef
{
    public required string Document { get; set; }
    public required string Lines { get; set; }
    public string? About { get; set; }

    // The document's registry entry (data/seeds/documents.json), filled in when the catalog is loaded, not curated per record.
    [System.Text.Json.Serialization.JsonIgnore] public string? Title { get; set; }
    [System.Text.Json.Serialization.JsonIgnore] public string? Publisher { get; set; }
    [System.Text.Json.Serialization.JsonIgnore] public string? Date { get; set; }
    [System.Text.Json.Serialization.JsonIgnore] public string? DateText { get; set; }
}

/// <summary>A web page a curated fact was taken from, and the day (JST) a curator last checked it.</summary>
public sealed class WebSource
{
    public required string Url { get; set; }
    public required string CheckedOn { get; set; }
}

/// <summary>
/// One call for proposals (公募). <see cref="OpensAt"/> and <see cref="ClosesAt"/> are JST dates (YYYY-MM-DD, the whole
/// day) or date-times with an offset (2027-02-14T12:00:00+09:00); see <see cref="CallDates"/>.
/// </summary>
public sealed class Call
{
    public required string Title { get; set; }
    public string? OpensAt { get; set; }
    public string? ClosesAt { get; set; }

    /// <summary>A status the call page states (<see cref="CallStatuses"/>); null to go by the dates alone.</summary>
    public string? Status { get; set; }

    /// <summary>Where applications are filed, e.g. e-Rad.</summary>
    public string? System { get; set; }

    public string? Url { get; set; }
    public string? Note { get; set; }
    public required WebSource Source { get; set; }
}

public static class CallStatuses
{
    /// <summary>planned 公募予定 (announced, dates may change), open 公募中, closed 公募終了, cancelled 中止.</summary>
    public static readonly IReadOnlyList<string> All = ["planned", "open", "closed", "cancelled"];
}

public sealed class Contact
{
    public required string Name { get; set; }
    public string? Url { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public required WebSource Source { get; set; }
}
