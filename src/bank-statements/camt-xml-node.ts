/**
 * A small element tree for one part of a camt file (an account, a balance or
 * an entry). The camt parser builds one such tree at a time while it streams
 * the file and drops it once it is converted, so memory stays bounded by the
 * largest entry, not by the file.
 */
export interface XmlNode {
  /** Local name without namespace prefix, such as "Ntry". */
  name: string;
  /** Element path for messages, such as "Document/BkToCstmrStmt/Stmt[2]/Ntry[5]". */
  path: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Follows a path of child names; returns the first match at each step. */
export function findChild(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let current = node;
  for (const name of names) {
    current = current?.children.find((child) => child.name === name);
  }

  return current;
}

/** Returns every child named `name` of the node at the end of the path (none when the path is absent). */
export function findChildren(node: XmlNode | undefined, ...path: [...string[], string]): XmlNode[] {
  const name = path[path.length - 1] as string;
  const parent = findChild(node, ...path.slice(0, -1));

  return parent?.children.filter((child) => child.name === name) ?? [];
}

/** Trimmed text of the element at the path, or undefined when it is absent or empty. */
export function textOf(node: XmlNode | undefined, ...names: string[]): string | undefined {
  const text = findChild(node, ...names)?.text.trim();

  return text === undefined || text === '' ? undefined : text;
}

/** Text of the first path that has a value. */
export function firstText(node: XmlNode | undefined, paths: string[][]): string | undefined {
  for (const names of paths) {
    const text = textOf(node, ...names);
    if (text !== undefined) {
      return text;
    }
  }

  return undefined;
}
