using System.IO.Compression;
using MatchApi.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MatchApi.Catalog.Curation;

/// <summary>
/// The current catalog written back in data/'s format: one data/schemes/&lt;id&gt;.json per scheme served (retired ones
/// are left out), byte for byte as <see cref="SchemeJson"/> writes them, so importing an export changes nothing.
/// </summary>
public static class CatalogExport
{
    public static IEnumerable<(string Path, string Content)> Files(IEnumerable<CuratedScheme> curated) => curated
        .Where(c => !c.Retired)
        .OrderBy(c => c.Record.Id, StringComparer.Ordinal)
        .Select(c => ($"schemes/{c.Record.Id}.json", SchemeJson.Write(c.Record)));

    /// <summary>A zip of data/schemes/ as the catalog holds it now.</summary>
    public static byte[] Zip(CatalogSnapshot catalog)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, content) in Files(catalog.Curated.Values))
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                using var writer = new StreamWriter(entry.Open(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                writer.Write(content);
            }
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes the database's current records into <paramref name="files"/>' data/schemes (removing the files of schemes
    /// no longer served) and records that data/ now holds them, so the next start imports nothing and no conflict remains.
    /// </summary>
    /// <returns>How many records were written and how many files removed.</returns>
    public static async Task<(int Written, int Removed)> ToDataAsync(CatalogDbContext db, CatalogFiles files, string importSalt, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var records = await db.Schemes.ToListAsync(cancellationToken);
        Directory.CreateDirectory(files.SchemesDirectory);
        var written = 0;
        foreach (var record in records.Where(r => !r.Retired))
        {
            var path = Path.Combine(files.SchemesDirectory, record.Id + ".json");
            if (!File.Exists(path) || await File.ReadAllTextAsync(path, cancellationToken) != record.Json)
            {
                var temporary = path + ".tmp";
                await File.WriteAllTextAsync(temporary, record.Json, new System.Text.UTF8Encoding(false), cancellationToken);
                File.Move(temporary, path, overwrite: true);
                written++;
            }
            (record.FileHash, record.FileRevision) = (SchemeJson.Hash(record.Json), record.Revision);
        }
        var served = records.Where(r => !r.Retired).Select(r => r.Id + ".json").ToHashSet();
        var removed = 0;
        foreach (var file in files.SchemeFiles().Where(f => !served.Contains(Path.GetFileName(f))))
        {
            File.Delete(file);
            removed++;
        }
        foreach (var record in records.Where(r => r.Retired)) (record.FileHash, record.FileRevision) = (null, record.Revision);
        await db.Conflicts.ExecuteDeleteAsync(cancellationToken);
        var state = await db.State.SingleOrDefaultAsync(cancellationToken);
        var hash = files.ContentHash(importSalt);
        if (state is null) db.State.Add(new CatalogState { ContentHash = hash, ImportedAt = DateTimeOffset.UtcNow });
        else (state.ContentHash, state.ImportedAt) = (hash, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (written, removed);
    }
}
