import { describe, expect, it } from 'vitest';
import { decodeXml, parseBlob } from './blob-listing-stream.js';

// Shaped as the List Blobs REST reference documents a <Blob> with include=metadata,tags.
const blob = (name: string, extra = '') =>
  `${name}<Properties><Creation-Time>Sat, 21 Nov 2026 10:00:00 GMT</Creation-Time><Last-Modified>Sun, 22 Nov 2026 09:30:05 GMT</Last-Modified><Etag>0x8DC0000000000001</Etag><Content-Length>1234</Content-Length><Content-Type>application/json</Content-Type><BlobType>BlockBlob</BlobType><AccessTier>Cool</AccessTier><AccessTierInferred>false</AccessTierInferred><LeaseStatus>locked</LeaseStatus><LeaseState>leased</LeaseState><LeaseDuration>infinite</LeaseDuration><ServerEncrypted>true</ServerEncrypted></Properties>${extra}`;

describe('parseBlob', () => {
  it('reads the fields a status row needs', () => {
    const parsed = parseBlob(
      blob(
        '<Name>feat/pr-1/terraform.tfstate</Name>',
        '<Metadata><Terraformlockid>eyJJRCI6IngifQ==</Terraformlockid><empty /><note>a &amp; b</note></Metadata><Tags><TagSet><Tag><Key>env</Key><Value>feat-pr-1</Value></Tag><Tag><Key>expires_at</Key><Value>2026-11-23T10:00:00Z</Value></Tag></TagSet></Tags>',
      ),
    );
    expect(parsed).toEqual({
      name: 'feat/pr-1/terraform.tfstate',
      size: 1234,
      lastModified: new Date('2026-11-22T09:30:05Z'),
      tier: 'Cool',
      leaseState: 'leased',
      metadata: { Terraformlockid: 'eyJJRCI6IngifQ==', empty: '', note: 'a & b' },
      tags: { env: 'feat-pr-1', expires_at: '2026-11-23T10:00:00Z' },
    });
  });

  it('leaves metadata and tags undefined when the listing has none', () => {
    expect(parseBlob(blob('<Name>stg/terraform.tfstate</Name>'))).toMatchObject({
      metadata: undefined,
      tags: undefined,
    });
    expect(parseBlob(blob('<Name>stg/terraform.tfstate</Name>', '<Metadata />')).metadata).toBeUndefined();
  });

  it('decodes a name the service percent-encoded because XML cannot carry it', () => {
    expect(parseBlob(blob('<Name Encoded="true">odd%01name%20%26/terraform.tfstate</Name>')).name).toBe(
      'odd\u0001name &/terraform.tfstate',
    );
  });

  it('takes a name marked Encoded="false" as it is', () => {
    expect(parseBlob(blob('<Name Encoded="false">a%20b/terraform.tfstate</Name>')).name).toBe(
      'a%20b/terraform.tfstate',
    );
  });

  it('refuses an element with no name rather than making up a row', () => {
    expect(() => parseBlob('<Properties />')).toThrow(/no <Name>/);
  });
});

describe('decodeXml', () => {
  it.each([
    ['plain', 'plain'],
    ['a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;', 'a & b <c> "d" \'e\''],
    ['&#233;&#x2603;', 'é☃'],
    ['&amp;amp;', '&amp;'],
  ])('%s -> %s', (text, value) => {
    expect(decodeXml(text)).toBe(value);
  });
});
