/**
 * IAM's policy simulator, as much as `doctor` asks of it: SimulatePrincipalPolicy for a role, evaluated against the
 * role's identity-based policies as the IAM User Guide's evaluation logic says
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an explicit Deny wins,
 * then an Allow, else the request is implicitly denied; `Action`/`NotAction` and `Resource`/`NotResource` match with
 * the `*` and `?` wildcards, actions case-insensitively. A statement with a `Condition` is not matched (the simulation
 * names its keys in MissingContextValues, as SimulatePrincipalPolicy does without ContextEntries). An unknown role is
 * NoSuchEntity (404) (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html).
 * Query protocol, version 2010-05-08.
 */
import type * as http from 'node:http';
import { LoopbackServer } from './http';
import { QueryError, answerQuery, escapeXml, queryParameters } from './query';

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  readonly Statement: PolicyStatement | PolicyStatement[];
}

type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function matches(statement: PolicyStatement, action: string, resource: string): boolean {
  const actionMatch = statement.Action !== undefined ? list(statement.Action).some((a) => wildcard(a, action, true))
    : !list(statement.NotAction).some((a) => wildcard(a, action, true));
  const resourceMatch = statement.Resource !== undefined ? list(statement.Resource).some((r) => wildcard(r, resource, false))
    : !list(statement.NotResource).some((r) => wildcard(r, resource, false));
  return actionMatch && resourceMatch;
}

export class IamEmulator extends LoopbackServer {
  readonly calls = new Map<string, number>();
  private readonly roles = new Map<string, PolicyDocument[]>();

  /** A role and its identity-based policies (inline and attached alike). */
  seedRole(name: string, policies: PolicyDocument[]): void {
    this.roles.set(name, policies);
  }

  reset(): void {
    this.roles.clear();
    this.calls.clear();
  }

  /** What the simulator decides for `action` on `resource` by the role's policies, and the condition keys it could not use. */
  decide(policies: readonly PolicyDocument[], action: string, resource: string): { decision: Decision; missing: string[] } {
    const statements = policies.flatMap((p) => (Array.isArray(p.Statement) ? p.Statement : [p.Statement]));
    const applicable = statements.filter((s) => matches(s, action, resource));
    const missing = [...new Set(applicable.flatMap((s) => Object.values(s.Condition ?? {}).flatMap((keys) => Object.keys(keys))))];
    const unconditional = applicable.filter((s) => s.Condition === undefined);
    if (unconditional.some((s) => s.Effect === 'Deny')) return { decision: 'explicitDeny', missing };
    return { decision: unconditional.some((s) => s.Effect === 'Allow') ? 'allowed' : 'implicitDeny', missing };
  }

  protected onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    answerQuery(req, res, XMLNS, (request, raw) => this.answer(request, raw));
  }

  private answer(req: http.IncomingMessage, raw: string): string {
    const params = queryParameters(req, raw);
    const action = params.get('Action') ?? '';
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
    if (params.get('Version') !== '2010-05-08') throw new QueryError(400, 'InvalidParameterValue', 'Version must be 2010-05-08');
    if (action !== 'SimulatePrincipalPolicy') throw new QueryError(400, 'InvalidAction', `The action ${action} is not valid for this web service`);
    const source = params.get('PolicySourceArn') ?? '';
    const members = (name: string): string[] => [...params.keys()].filter((k) => k.startsWith(`${name}.member.`)).sort().map((k) => params.get(k)!);
    const actions = members('ActionNames');
    if (!source || actions.length === 0) throw new QueryError(400, 'InvalidInput', 'PolicySourceArn and ActionNames are required');
    const roleName = /^arn:aws[-a-z]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(source)?.[1];
    const policies = roleName === undefined ? undefined : this.roles.get(roleName);
    if (!policies) throw new QueryError(404, 'NoSuchEntity', `The role with name ${roleName ?? source} cannot be found.`);
    const resources = members('ResourceArns');
    const results = actions.flatMap((a) => (resources.length > 0 ? resources : ['*']).map((r) => {
      const { decision, missing } = this.decide(policies, a, r);
      return `<member><EvalActionName>${escapeXml(a)}</EvalActionName><EvalResourceName>${escapeXml(r)}</EvalResourceName>`
        + `<EvalDecision>${decision}</EvalDecision><MatchedStatements/>`
        + `<MissingContextValues>${missing.map((k) => `<member>${escapeXml(k)}</member>`).join('')}</MissingContextValues></member>`;
    }));
    return `<SimulatePrincipalPolicyResponse xmlns="${XMLNS}"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated>`
      + `<EvaluationResults>${results.join('')}</EvaluationResults></SimulatePrincipalPolicyResult>`
      + `<ResponseMetadata><RequestId>${globalThis.crypto.randomUUID()}</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`;
  }
}
