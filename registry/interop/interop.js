const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry')
const fs = require('fs')

async function main() {
  const registry = new SchemaRegistry({ host: 'http://localhost:18081', auth: { username: 'svc', password: 'interop-token' } })
  const v1 = { type: 'record', name: 'Talk', namespace: 'interop', fields: [{ name: 'id', type: 'string' }, { name: 'views', type: 'int' }] }
  const v2 = { type: 'record', name: 'Talk', namespace: 'interop',
    fields: [{ name: 'id', type: 'string' }, { name: 'views', type: 'long' }, { name: 'room', type: 'string', default: 'unknown' }] }
  const { id: id1 } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject: 'interop-value' })
  const again = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject: 'interop-value' })
  const { id: id2 } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject: 'interop-value' })
  console.log('registered', id1, again.id, id2)
  console.log('latest id', await registry.getLatestSchemaId('interop-value'))
  console.log('id by schema', await registry.getRegistryIdBySchema('interop-value', { type: SchemaType.AVRO, schema: JSON.stringify(v1) }))
  console.log('id of version 1', await registry.getRegistryId('interop-value', 1))
  const encoded = await registry.encode(id1, { id: 'from-node', views: 42 })
  fs.writeFileSync('node-v1.hex', encoded.toString('hex'))
  console.log('encoded', encoded.toString('hex').slice(0, 10), 'decoded back', await registry.decode(encoded))
  try {
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify({ ...v2, fields: [...v2.fields, { name: 'x', type: 'int' }] }) },
      { subject: 'interop-value' })
    console.log('UNEXPECTED: incompatible schema accepted')
  } catch (e) { console.log('incompatible refused:', e.name, e.status, e.message.slice(0, 160)) }
  try {
    await new SchemaRegistry({ host: 'http://localhost:18081' }).register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) },
      { subject: 'other-value' })
    console.log('UNEXPECTED: write without token accepted')
  } catch (e) { console.log('anonymous write refused:', e.status, e.message.slice(0, 100)) }
  if (fs.existsSync('java-v2.hex')) {
    console.log('java bytes decoded by node:', await registry.decode(Buffer.from(fs.readFileSync('java-v2.hex', 'utf8'), 'hex')))
  }
}
main().catch(e => { console.error('FAILED', e); process.exit(1) })
