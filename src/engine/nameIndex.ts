// Names to indices (the cluster's hosts, racks and executors), shared copy on write with forks
// (as IntList is): names are added only when the cluster grows, and copying three maps of every
// executor and host was a sixth of a sweep fork's copy (issue #17).

export class NameIndex {
  /** `map`: shared (`shared` set) with another index until one of them adds a name */
  constructor(private map = new Map<string, number>(), private shared = false) {}

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
    // (by the constructor: the base's hidden class; an Object.create copy had one of its own, so
    // the cluster's lookups met two, as IntList's did, issue #17)
    this.shared = true;
    return new NameIndex(this.map, true);
  }
}
