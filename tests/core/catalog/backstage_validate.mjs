// Validates Backstage entities (a JSON array on stdin) with @backstage/catalog-model's
// own entity policies and kind validators; prints one line per invalid entity.
import {
  EntityPolicies,
  DefaultNamespaceEntityPolicy,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);
const validators = {
  API: apiEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
  Group: groupEntityV1alpha1Validator,
  User: userEntityV1alpha1Validator,
};

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const entities = JSON.parse(input);
  let failures = 0;
  for (const entity of entities) {
    const name = `${entity.kind}:${entity.metadata?.name}`;
    try {
      const applied = await policy.enforce(structuredClone(entity));
      const validator = validators[entity.kind];
      if (!validator) throw new Error(`no validator for kind ${entity.kind}`);
      if (!(await validator.check(applied))) throw new Error('kind validator did not match');
    } catch (error) {
      failures += 1;
      console.log(`${name}: ${error.message}`);
    }
  }
  console.log(`validated ${entities.length} entities, ${failures} invalid`);
  process.exit(failures ? 1 : 0);
});
