/**
 * JSON.stringify of texts that come again and again (rule ids, locations, channels, file names),
 * kept for up to `max` texts, then all forgotten at once: the writers and finding ids meet the
 * same few texts finding after finding.
 */
export class KeptJson {
  private readonly texts = new Map<string, string>();

  constructor(private readonly max: number) {}

  json(text: string): string {
    let json = this.texts.get(text);
    if (json === undefined) {
      json = JSON.stringify(text);
      if (this.texts.size >= this.max) this.texts.clear();
      this.texts.set(text, json);
    }
    return json;
  }
}
