using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MatchApi.Catalog.Infrastructure;

/// <summary>
/// The catalog's store: every revision of every scheme (the history, append-only), the current revision of each scheme,
/// the data/ files' imports that conflicted with curators' edits, and the state of the last import. Records are kept as
/// JSON text in data/'s format, so the tables need no provider-specific types (SQLite now, PostgreSQL next) and a field
/// added to the record format needs no migration. The schema is created and upgraded by EF Core migrations
/// (Infrastructure/Migrations).
/// </summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<SchemeRecord> Schemes => Set<SchemeRecord>();
    public DbSet<SchemeRevision> Revisions => Set<SchemeRevision>();
    public DbSet<ImportConflict> Conflicts => Set<ImportConflict>();
    public DbSet<CatalogState> State => Set<CatalogState>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<SchemeRecord>(scheme =>
        {
            scheme.ToTable("scheme_records");
            scheme.HasKey(s => s.Id);
            // Optimistic concurrency: an update whose revision moved on meanwhile (another curator, another instance) fails.
            scheme.Property(s => s.Revision).IsConcurrencyToken();
        });
        model.Entity<SchemeRevision>(revision =>
        {
            revision.ToTable("scheme_revisions");
            revision.HasKey(r => r.Sequence);
            revision.Property(r => r.Sequence).ValueGeneratedOnAdd();
            revision.HasIndex(r => new { r.SchemeId, r.Number }).IsUnique();
        });
        model.Entity<ImportConflict>(conflict =>
        {
            conflict.ToTable("import_conflicts");
            conflict.HasKey(c => c.SchemeId);
        });
        model.Entity<CatalogState>(state =>
        {
            state.ToTable("catalog_state");
            state.HasKey(s => s.Id);
            state.Property(s => s.Id).ValueGeneratedNever();
        });
    }
}

/// <summary>The current revision of one scheme.</summary>
public sealed class SchemeRecord
{
    public required string Id { get; set; }

    /// <summary>The scheme's revision number (1, 2, …), the concurrency token of every write.</summary>
    public int Revision { get; set; }

    /// <summary>The catalog-wide sequence number of that revision.</summary>
    public long Sequence { get; set; }

    public bool Retired { get; set; }

    /// <summary>The record in data/schemes' format (canonical JSON, see <see cref="SchemeJson"/>).</summary>
    public required string Json { get; set; }

    /// <summary>The hash of data/schemes/&lt;id&gt;.json as last imported (or exported); null when the scheme was created through the API.</summary>
    public string? FileHash { get; set; }

    /// <summary>The revision that the file's content is (the import's, or the one an export wrote); a later revision is an edit the file does not have.</summary>
    public int? FileRevision { get; set; }
}

/// <summary>One accepted change: who, when, why, what (an RFC 6902 JSON Patch from the previous revision) and the full record after it.</summary>
public sealed class SchemeRevision
{
    /// <summary>The catalog-wide, monotonically increasing revision sequence (the catalog's version).</summary>
    public long Sequence { get; set; }

    public required string SchemeId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The curator's partner id, or <see cref="RevisionAuthors.DataFiles"/> for an import.</summary>
    public required string Author { get; set; }

    public required string Note { get; set; }

    /// <summary>One of <see cref="RevisionKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>RFC 6902 operations turning the previous revision's record into this one (from the empty record for the first).</summary>
    public required string Patch { get; set; }

    public required string Json { get; set; }
    public bool Retired { get; set; }
}

public static class RevisionKinds
{
    public const string Created = "created", Updated = "updated", Retired = "retired", Restored = "restored", Imported = "imported";
}

public static class RevisionAuthors
{
    public const string DataFiles = "data/";
}

/// <summary>A data/ file that changed while the scheme was also edited through the API: the edit is kept, the file's content waits here.</summary>
public sealed class ImportConflict
{
    public required string SchemeId { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
    public required string FileHash { get; set; }

    /// <summary>The record as the file has it (or null when the file was deleted).</summary>
    public string? FileJson { get; set; }

    /// <summary>The revision kept (the API edit).</summary>
    public int KeptRevision { get; set; }
}

/// <summary>The single row recording which content of data/ was last imported, so an unchanged data/ is not read record by record.</summary>
public sealed class CatalogState
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public required string ContentHash { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>For migrations authored with the EF Core tools (dotnet ef migrations add … --project src/MatchApi.Catalog).</summary>
internal sealed class DesignTimeCatalogContext : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CatalogDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
