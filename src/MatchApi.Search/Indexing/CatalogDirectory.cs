using Lucene.Net.Store;

namespace MatchApi.Search.Indexing;

/// <summary>
/// The index folder, with the files every query reads (terms, postings, norms, doc values, small compound segments)
/// held whole in memory by the readers that serve searches, and everything else memory-mapped: stored texts and term
/// vectors (read only for the hits of a page), and whatever a merge or a one-time read opens (a merge streams its
/// segments once; holding them would double the index in memory while it is built).
/// Lucene.Net's memory-mapped input registers every clone in a ConditionalWeakTable behind a lock, and a query clones
/// an input per term per field: that alone was half the CPU of a search on the real catalog. What is held is bounded
/// (<see cref="DefaultInMemoryBudget"/>): past it, files are memory-mapped, so a national-scale index costs page cache, not heap.
/// </summary>
internal sealed class CatalogDirectory(DirectoryInfo path, long inMemoryBudget = CatalogDirectory.DefaultInMemoryBudget) : MMapDirectory(path)
{
    /// <summary>
    /// Bytes of index files held in arrays at once: the searched files of the 10,000-scheme synthetic index fit (17 of
    /// its 64 MiB); of a larger one, what is past the bound is memory-mapped.
    /// </summary>
    public const long DefaultInMemoryBudget = 128L << 20;

    /// <summary>Lucene 4.0 stored fields and term vectors (CatalogCodec): large, and read per hit.</summary>
    private static readonly HashSet<string> MappedExtensions = ["fdt", "fdx", "tvd", "tvx", "tvf"];

    private long _held;

    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        return InMemory(name, context) is { } bytes ? new ByteArrayIndexInput(name, bytes, 0, bytes.Length, () => Release(bytes)) : base.OpenInput(name, context);
    }

    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        EnsureOpen();
        return InMemory(name, context) is { } bytes ? new ByteArraySlicer(name, bytes, () => Release(bytes)) : base.CreateSlicer(name, context);
    }

    /// <summary>Bytes currently held in arrays (for tests).</summary>
    internal long Held => Interlocked.Read(ref _held);

    private byte[]? InMemory(string name, IOContext context)
    {
        if (context.Context == IOContext.UsageContext.MERGE || context.ReadOnce) return null;
        if (MappedExtensions.Contains(Path.GetExtension(name).TrimStart('.'))) return null;
        var file = new FileInfo(Path.Combine(Directory.FullName, name));
        if (!file.Exists) throw new FileNotFoundException($"{name} is not in the index folder {Directory.FullName}.", file.FullName);
        if (Interlocked.Add(ref _held, file.Length) > inMemoryBudget)
        {
            Interlocked.Add(ref _held, -file.Length);
            return null;
        }
        try
        {
            return File.ReadAllBytes(file.FullName);
        }
        catch
        {
            Interlocked.Add(ref _held, -file.Length);
            throw;
        }
    }

    private void Release(byte[] bytes) => Interlocked.Add(ref _held, -bytes.Length);

    private sealed class ByteArraySlicer(string name, byte[] bytes, Action release) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length)
        {
            if (offset < 0 || length < 0 || offset + length > bytes.Length)
                throw new ArgumentOutOfRangeException(nameof(offset), $"slice {sliceDescription} [{offset}, +{length}) is outside {name} ({bytes.Length} bytes).");
            return new ByteArrayIndexInput($"{name}:{sliceDescription}", bytes, (int)offset, (int)length);
        }

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => new ByteArrayIndexInput(name, bytes, 0, bytes.Length);

        private int _disposed;

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) release();
        }
    }
}

/// <summary>
/// A read-only view of part of an array: a clone is a copy of three integers and shares the bytes. The input that owns
/// the array (given <paramref name="release"/>) gives it back when disposed; clones and slices never do.
/// </summary>
internal sealed class ByteArrayIndexInput(string description, byte[] bytes, int start, int length, Action? release = null) : IndexInput(description)
{
    private int _position;
    private Action? _release = release;

    public override object Clone()
    {
        var clone = (ByteArrayIndexInput)base.Clone();
        clone._release = null;
        return clone;
    }

    public override long Length => length;

    public override long Position => _position;

    public override void Seek(long pos)
    {
        if (pos < 0 || pos > length) throw new EndOfStreamException($"seek to {pos} outside {this} ({length} bytes)");
        _position = (int)pos;
    }

    public override byte ReadByte()
    {
        if (_position >= length) throw new EndOfStreamException($"read past the end of {this}");
        return bytes[start + _position++];
    }

    public override void ReadBytes(byte[] b, int offset, int len)
    {
        if (len > length - _position) throw new EndOfStreamException($"read of {len} bytes past the end of {this}");
        Buffer.BlockCopy(bytes, start + _position, b, offset, len);
        _position += len;
    }

    public override int ReadVInt32()
    {
        var value = 0;
        for (var shift = 0; shift <= 28; shift += 7)
        {
            var b = ReadByte();
            value |= (b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new IOException($"invalid variable-length integer in {this}");
    }

    public override long ReadVInt64()
    {
        var value = 0L;
        for (var shift = 0; shift <= 56; shift += 7)
        {
            var b = ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new IOException($"invalid variable-length long in {this}");
    }

    protected override void Dispose(bool disposing) => Interlocked.Exchange(ref _release, null)?.Invoke();
}
