import type { Department } from '@perfloop/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export function useDepartments(includeArchived = false) {
  return useQuery({
    queryKey: ['departments', { includeArchived }],
    queryFn: () => api('GET /departments', { query: { includeArchived } }).then((r) => r.items),
  });
}

export type DepartmentNode = Department & { children: DepartmentNode[] };

/** The flat list as a tree (children sorted by name); departments whose parent is hidden become roots. */
export function buildDepartmentTree(departments: readonly Department[]): DepartmentNode[] {
  const nodes = new Map(departments.map((d) => [d.id, { ...d, children: [] as DepartmentNode[] }]));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: DepartmentNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}
