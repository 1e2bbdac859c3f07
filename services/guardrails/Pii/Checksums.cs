using System.Numerics;

namespace MlOps.Guardrails.Pii;

/// <summary>The check-digit algorithms the recognizers validate with.</summary>
public static class Checksums
{
    /// <summary>Luhn (mod 10) over ASCII digits.</summary>
    public static bool Luhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /// <summary>ISO 13616 IBAN check: move the first four characters to the end, letters to 10–35, the number mod 97 is 1.</summary>
    public static bool IbanMod97(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = char.ToUpperInvariant(iban[(i + 4) % iban.Length]);
            if (char.IsAsciiDigit(c))
            {
                remainder = (remainder * 10 + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }
        return remainder == 1;
    }

    /// <summary>Base58Check (Bitcoin legacy addresses): the last four bytes are the double SHA-256 of the rest.</summary>
    public static bool Base58Check(string value)
    {
        const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        BigInteger number = 0;
        foreach (var c in value)
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }
            number = number * 58 + digit;
        }
        var bytes = number.ToByteArray(isUnsigned: true, isBigEndian: true);
        var leadingZeros = value.TakeWhile(c => c == '1').Count();
        var full = new byte[leadingZeros + bytes.Length];
        bytes.CopyTo(full, leadingZeros);
        if (full.Length < 5)
        {
            return false;
        }
        var hash = System.Security.Cryptography.SHA256.HashData(System.Security.Cryptography.SHA256.HashData(full.AsSpan(0, full.Length - 4)));
        return hash.AsSpan(0, 4).SequenceEqual(full.AsSpan(full.Length - 4));
    }

    /// <summary>Bech32/Bech32m checksum (BIP-173/350) of a lower-case address such as bc1q….</summary>
    public static bool Bech32(string value)
    {
        const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        var separator = value.LastIndexOf('1');
        if (separator < 1 || separator + 7 > value.Length)
        {
            return false;
        }
        var values = new List<int>();
        foreach (var c in value[..separator])
        {
            values.Add(c >> 5);
        }
        values.Add(0);
        foreach (var c in value[..separator])
        {
            values.Add(c & 31);
        }
        foreach (var c in value[(separator + 1)..])
        {
            var digit = Charset.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }
            values.Add(digit);
        }
        var polymod = Polymod(values);
        return polymod is 1 or 0x2bc830a3;
    }

    private static uint Polymod(List<int> values)
    {
        uint[] generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
        uint checksum = 1;
        foreach (var v in values)
        {
            var top = checksum >> 25;
            checksum = ((checksum & 0x1ffffff) << 5) ^ (uint)v;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) == 1)
                {
                    checksum ^= generator[i];
                }
            }
        }
        return checksum;
    }
}
