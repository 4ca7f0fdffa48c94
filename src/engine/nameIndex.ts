// Names to indices (the cluster's hosts, racks and executors), shared copy on write with forks
// (as IntList is): names are added only when the cluster grows, and copying three maps of every
// executor and host was a sixth of a sweep fork's copy (issue #17).

export class NameIndex {
  private map = new Map<string, number>();
  /** the map is shared with a fork (or its base): copy it before writing */
  private shared = false;

  get(name: string): number | undefined {
    return this.map.get(name);
  }

  set(name: string, index: number): void {
    if (this.shared) {
      this.map = new Map(this.map);
      this.shared = false;
    }
    this.map.set(name, index);
  }

  /** A copy for a fork: both share the map until one of them adds a name. */
  forkCopy(): NameIndex {
    const c = Object.create(NameIndex.prototype) as NameIndex;
    c.map = this.map;
    c.shared = true;
    this.shared = true;
    return c;
  }
}
