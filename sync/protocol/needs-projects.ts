/**
 * The console's needs list and projects (三张清单: needs → projects), as the API
 * answers. Runtime-free; the project document itself is `ProjectDoc` (schemas.ts).
 */
import type { Lang } from './languages.ts';
import type { ProjectDoc } from './schemas.ts';
import { PROJECT_STATUSES } from './schemas.ts';

export { PROJECT_STATUSES };
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** One resident's need as the console lists it. */
export interface NeedItem {
  id: string;
  stationId: string;
  stationName: string;
  street: string;
  kind: string;
  text: string;
  lang: Lang;
  /** Device clock, epoch ms. */
  createdAt: number;
  /** Whether the resident left a number: shown to everyone, the number itself only to whom may see it. */
  hasContact: boolean;
  /** Present only for operators whose role may see it (canSeeNeedContact). */
  contact?: string;
  /** The project the need became, if any. */
  projectId: string | null;
}

export interface NeedListQuery {
  kind?: string;
  stationId?: string;
  street?: string;
  /** Station-local days, both ends included, of the need's time. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

/** What an operator sends to create or change a project. */
export interface ProjectInput {
  title: string;
  status: ProjectStatus;
  owner: string;
  resources: ProjectDoc['resources'];
  /** Needs to link (all of the project's station); a need already in another project is refused. */
  needIds: string[];
}

export interface ProjectItem {
  project: ProjectDoc;
  stationName: string;
  street: string;
  needIds: string[];
}
