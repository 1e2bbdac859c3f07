using System.Text;

namespace MlOps.Registry.Services;

/// <summary>
/// A forward-only protobuf wire-format reader over a seekable stream: fields are read one at a time and large
/// length-delimited values are skipped by seeking, so a file of any size is parsed in constant memory.
/// </summary>
public sealed class ProtobufReader(Stream stream)
{
    private const int MaxInlineLength = 16 * 1024 * 1024;

    public long Position => stream.Position;

    /// <summary>The next field number and wire type, or null at <paramref name="end"/>.</summary>
    public (int Field, int WireType)? NextField(long end)
    {
        if (stream.Position >= end)
        {
            return null;
        }
        var key = ReadVarint();
        var field = (int)(key >> 3);
        var wireType = (int)(key & 7);
        if (field == 0 || wireType is 3 or 4 or > 5)
        {
            throw Invalid($"invalid field key {key}");
        }
        return (field, wireType);
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw Invalid("the file ends inside a number");
            }
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw Invalid("a number is longer than 10 bytes");
    }

    /// <summary>Reads a length prefix and returns where the value ends, checked against the enclosing end.</summary>
    public long ReadLength(long enclosingEnd)
    {
        var length = ReadVarint();
        var end = stream.Position + (long)length;
        if (length > (ulong)(enclosingEnd - stream.Position))
        {
            throw Invalid($"a field claims {length} bytes but only {enclosingEnd - stream.Position} remain");
        }
        return end;
    }

    public string ReadString(long enclosingEnd)
    {
        var end = ReadLength(enclosingEnd);
        var length = (int)Math.Min(end - stream.Position, MaxInlineLength);
        var buffer = new byte[length];
        stream.ReadExactly(buffer);
        stream.Position = end;
        return Encoding.UTF8.GetString(buffer);
    }

    public void Skip(int wireType, long enclosingEnd)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Seek(8, enclosingEnd);
                break;
            case 2:
                stream.Position = ReadLength(enclosingEnd);
                break;
            case 5:
                Seek(4, enclosingEnd);
                break;
        }
    }

    public void Expect(int wireType, int expected, string what)
    {
        if (wireType != expected)
        {
            throw Invalid($"{what} has wire type {wireType}, expected {expected}");
        }
    }

    public InvalidOnnxModelException Invalid(string reason) => new($"{reason} (at byte {stream.Position})");

    private void Seek(int bytes, long enclosingEnd)
    {
        if (stream.Position + bytes > enclosingEnd)
        {
            throw Invalid("the file ends inside a fixed-size value");
        }
        stream.Position += bytes;
    }
}
